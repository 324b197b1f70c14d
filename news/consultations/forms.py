"""The public comment form of a consultation (guarded: portal/guard.py)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import guard

from .models import Comment

NAME_MAX, ORGANISATION_MAX, REFERENCE_MAX, TEXT_MAX = 100, 200, 200, 5000
TEXT_MIN = 10
# The form's whole body: the longest comment of Vietnamese text, percent-encoded, fits.
FORM_BYTES = 32 * 1024


class CommentForm(guard.GuardedForm):
    name = forms.CharField(
        label=gettext_lazy("Họ và tên"), max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=gettext_lazy("Hiện đúng như bạn ghi, cùng ý kiến, nếu ý kiến được công bố."),
    )  # fmt: skip
    organisation = forms.CharField(
        label=gettext_lazy("Cơ quan, tổ chức (không bắt buộc)"), max_length=ORGANISATION_MAX,
        required=False, widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )  # fmt: skip
    email = forms.EmailField(
        label=gettext_lazy("Thư điện tử"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("Chỉ để cơ quan soạn thảo liên hệ khi cần làm rõ; không bao giờ "
                               "hiện trên cổng."),
    )  # fmt: skip
    reference = forms.CharField(
        label=gettext_lazy("Góp ý cho điều, khoản, mục nào (không bắt buộc)"),
        max_length=REFERENCE_MAX, required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Ví dụ: Điều 5, khoản 2")}),
    )  # fmt: skip
    text = forms.CharField(
        label=gettext_lazy("Nội dung góp ý"), min_length=TEXT_MIN, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("Tối đa 5.000 ký tự, chữ thường (không định dạng)."),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=gettext_lazy("Tôi đồng ý"), template_name="includes/consent_field.html"
    )

    def __init__(self, *args, consultation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fingerprint = ""
        self.already_sent = False
        for name, label, maximum, minimum in (
            ("name", _("họ và tên"), NAME_MAX, None),
            ("organisation", _("cơ quan, tổ chức"), ORGANISATION_MAX, None),
            ("reference", _("điều, khoản"), REFERENCE_MAX, None),
            ("text", _("nội dung góp ý"), TEXT_MAX, TEXT_MIN),
        ):
            self.fields[name].error_messages.update(guard.length_messages(label, maximum, minimum))
        self.fields["email"].error_messages.update({
            "required": _("Hãy ghi thư điện tử để cơ quan soạn thảo liên hệ khi cần."),
            "invalid": _("Thư điện tử chưa đúng (ví dụ đúng: ten@gmail.com)."),
            "max_length": _("Thư điện tử dài quá: tối đa 254 ký tự."),
        })  # fmt: skip
        self.fields["consent"].label = format_html(
            '{} <a href="{}">{}</a>.',
            _("Tôi đồng ý để cơ quan lưu và dùng thông tin trên để tổng hợp, tiếp thu ý kiến, "
              "theo"),
            reverse("portal:privacy"), _("chính sách bảo vệ dữ liệu cá nhân"),
        )  # fmt: skip
        self.fields["consent"].error_messages["required"] = _(
            "Cần đồng ý với việc xử lý dữ liệu cá nhân thì cơ quan mới nhận được ý kiến."
        )

    def clean(self):
        cleaned = super().clean()
        email, text = cleaned.get("email"), cleaned.get("text")
        if email and text and self.consultation is not None:
            self.fingerprint = guard.fingerprint(email.lower(), cleaned.get("reference", ""), text)
            # The same person's same comment (a double tap, a reload): kept already, so the
            # view thanks them again and keeps nothing more.
            self.already_sent = Comment.objects.filter(
                consultation=self.consultation, fingerprint=self.fingerprint
            ).exists()
        return cleaned
