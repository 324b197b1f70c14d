"""Security review, accounts: nobody but a superuser gives what they do not hold (finding 1), and
the visitor's address is believed only through the trusted proxies (finding 6)."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import RequestFactory
from django.utils import timezone

from portal import roles
from portal.clients import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    user = UserFactory(username="quantri", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    return user


def change_form(user, **overrides) -> dict:
    """What the admin's account form posts for ``user``, with ``overrides``."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else None,
        "is_staff": "on" if user.is_staff else None,
        "groups": [g.pk for g in user.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": joined.strftime("%d/%m/%Y"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def perm(code: str) -> Permission:
    app_label, codename = code.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_administrator_cannot_make_themselves_superuser(client, administrator):
    client.force_login(administrator)
    url = f"/admin/auth/user/{administrator.pk}/change/"
    assert 'name="is_superuser"' not in client.get(url).content.decode()
    response = client.post(
        url,
        change_form(
            administrator, is_superuser="on", user_permissions=[perm("auth.delete_user").pk]
        ),
    )
    assert response.status_code == 302  # the rest of the form is saved
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    assert not administrator.user_permissions.exists()
    assert not administrator.has_perm("auth.delete_user")


def test_administrator_cannot_change_a_superuser_or_their_password(client, administrator):
    root = User.objects.create_superuser("root", "root@example.gov.vn", "mat-khau-goc-rat-dai")
    client.force_login(administrator)
    change = client.post(
        f"/admin/auth/user/{root.pk}/change/", change_form(root, is_active=None, email="x@y.vn")
    )
    password = client.post(
        f"/admin/auth/user/{root.pk}/password/",
        {"password1": "mat-khau-moi-123456", "password2": "mat-khau-moi-123456"},
    )
    assert change.status_code == 403 and password.status_code == 403
    assert "Bạn không được làm việc này" in change.content.decode()  # said in Vietnamese
    root.refresh_from_db()
    assert root.is_active and root.email == "root@example.gov.vn"
    assert root.check_password("mat-khau-goc-rat-dai")


def test_administrator_cannot_grant_a_group_holding_more_than_they_hold(client, administrator):
    mighty = Group.objects.create(name="Toàn quyền tài khoản")
    mighty.permissions.add(perm("auth.delete_user"), perm("auth.change_group"))
    editor = UserFactory(username="phongvien", is_staff=True)
    client.force_login(administrator)
    for account in (administrator, editor):
        response = client.post(
            f"/admin/auth/user/{account.pk}/change/",
            change_form(account, groups=[*account.groups.values_list("pk", flat=True), mighty.pk]),
        )
        assert response.status_code == 200  # the form comes back with the error
        assert not account.groups.filter(pk=mighty.pk).exists()
    page = client.get(f"/admin/auth/user/{editor.pk}/change/").content.decode()
    assert "Toàn quyền tài khoản" not in page  # not even offered


def test_administrator_cannot_change_a_dormant_account_with_more_permissions(client, administrator):
    dormant = UserFactory(username="nghiviec", is_staff=True, is_active=False)
    dormant.user_permissions.add(perm("auth.delete_user"))
    client.force_login(administrator)
    response = client.post(
        f"/admin/auth/user/{dormant.pk}/change/", change_form(dormant, is_active="on")
    )
    assert response.status_code == 403
    dormant.refresh_from_db()
    assert not dormant.is_active


def test_administrator_still_manages_the_newsroom(client, administrator):
    reporter = UserFactory(username="phongvien", is_staff=True)
    editors = Group.objects.get(name=roles.EDITOR)
    client.force_login(administrator)
    response = client.post(
        f"/admin/auth/user/{reporter.pk}/change/", change_form(reporter, groups=[editors.pk])
    )
    assert response.status_code == 302
    assert reporter.groups.filter(pk=editors.pk).exists()
    response = client.post(
        f"/admin/auth/user/{reporter.pk}/password/",
        {"password1": "mat-khau-moi-123456", "password2": "mat-khau-moi-123456"},
    )
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.check_password("mat-khau-moi-123456")


def test_a_group_cannot_be_given_permissions_its_editor_lacks(client, administrator):
    administrator.user_permissions.add(perm("auth.change_group"))
    group = Group.objects.create(name="Nhóm thử")
    client.force_login(administrator)
    response = client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {"name": "Nhóm thử", "permissions": [perm("auth.delete_user").pk]},
    )
    assert response.status_code == 200
    assert not group.permissions.exists()
    admins = Group.objects.get(name=roles.ADMINISTRATOR)
    # Its own group is within reach; a group with a permission it lacks is not.
    assert client.get(f"/admin/auth/group/{admins.pk}/change/").status_code == 200
    group.permissions.add(perm("auth.delete_user"))
    refused = client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "Đổi tên"})
    assert refused.status_code == 403


def test_permissions_are_named_in_vietnamese_on_the_group_and_account_forms(
    client, administrator, django_user_model
):
    administrator.user_permissions.add(perm("auth.change_group"))
    admins = Group.objects.get(name=roles.ADMINISTRATOR)
    client.force_login(administrator)
    html = client.get(f"/admin/auth/group/{admins.pk}/change/").content.decode()
    assert "Tin tức | Sửa bài viết" in html and "Tin tức | Xem bài viết" in html
    assert "Can change" not in html and "Can add" not in html and "Can view" not in html
    root = django_user_model.objects.create_superuser("goc", "goc@example.vn", "x-123456789")
    client.force_login(root)
    html = client.get(f"/admin/auth/user/{administrator.pk}/change/").content.decode()
    assert "Tin tức | Xoá bài viết" in html and "Can delete" not in html


def test_a_group_only_seen_lists_its_permissions_in_vietnamese(client, administrator):
    editors = Group.objects.get(name=roles.EDITOR)
    client.force_login(administrator)
    response = client.get(f"/admin/auth/group/{editors.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200 and 'name="permissions"' not in html  # view only
    assert "Tin tức | Sửa bài viết" in html and "Tin tức | Thêm bài viết" in html
    assert "Can change" not in html and "Can add" not in html


# Finding 6: the visitor's address behind a proxy


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ("", "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy: the header is ignored
        ("0", "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        ("1", "127.0.0.1", "198.51.100.1", "198.51.100.1"),
        ("1", "127.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # spoofed left part
        ("1", "127.0.0.1", None, "127.0.0.1"),  # around the proxy
        ("2", "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.1", "198.51.100.1"),
        ("1", "127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1, 10.0.0.0/8", "127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.2.3", "198.51.100.1"),
        ("127.0.0.1", "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not from the proxy
        ("::1", "::1", "2001:db8::7", "2001:db8::7"),
        ("1", "127.0.0.1", "198.51.100.1:5123", "198.51.100.1"),
    ],
)
def test_client_address_follows_the_trusted_proxy_setting(
    settings, trusted, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = trusted
    assert client_ip(request_from(remote, forwarded)) == expected


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXIES = "1"
    from axes.models import AccessAttempt

    yield
    AccessAttempt.objects.all().delete()


def login(client, password, visitor):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "bientapvien", "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=visitor,
    )


def test_wrong_passwords_behind_the_proxy_lock_only_the_guesser(client, axes_on):
    UserFactory(username="bientapvien", is_staff=True)
    for _attempt in range(5):
        login(client, "sai-mat-khau", "198.51.100.66")
    locked = login(client, "mat-khau-thu-nghiem", "198.51.100.66")
    assert locked.status_code == 429
    assert "tạm khoá đăng nhập" in locked.content.decode().lower()
    # The real editor, behind the same proxy, still gets in.
    response = login(client, "mat-khau-thu-nghiem", "203.0.113.20")
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.parametrize(
    "change",
    [{"groups": []}, {"is_active": None}, {"is_staff": None}],
    ids=["own-group-dropped", "made-inactive", "not-staff"],
)
def test_an_administrator_cannot_lock_themselves_out(client, administrator, change):
    client.force_login(administrator)
    url = f"/admin/auth/user/{administrator.pk}/change/"
    response = client.post(url, change_form(administrator, **change))
    assert response.status_code == 200  # the form again, with the reason
    assert "Không thể tự bỏ" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active and administrator.is_staff
    assert administrator.groups.filter(name=roles.ADMINISTRATOR).exists()
    assert client.get("/admin/auth/user/").status_code == 200


def test_an_administrator_may_still_change_their_own_name_and_other_accounts(client, administrator):
    reporter = UserFactory(username="phongvien2", is_staff=True)
    client.force_login(administrator)
    own = client.post(
        f"/admin/auth/user/{administrator.pk}/change/",
        change_form(administrator, first_name="Mai", groups=[
            *administrator.groups.values_list("pk", flat=True),
            Group.objects.get(name=roles.EDITOR).pk,
        ]),
    )  # fmt: skip
    assert own.status_code == 302
    other = client.post(
        f"/admin/auth/user/{reporter.pk}/change/", change_form(reporter, is_active=None)
    )
    assert other.status_code == 302  # someone else's account may be made inactive
    reporter.refresh_from_db()
    assert not reporter.is_active
