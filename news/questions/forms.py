"""The public forms of Hỏi đáp: asking, looking a question up by its code, the list's filters."""

from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import guard
from portal.fields import PhoneField

from .models import NameShown, Question, Topic

DUPLICATE_DAYS = 30
CODE = re.compile(r"^HD-(\d{4})-(\d{1,6})$")


class AskForm(guard.GuardedForm):
    asker_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=100)
    email = forms.EmailField(
        label=gettext_lazy("Thư điện tử"), max_length=254, required=False,
        help_text=gettext_lazy("Để nhận mã tra cứu và câu trả lời."),
        error_messages={"invalid": gettext_lazy("Thư điện tử chưa đúng (ví dụ ten@example.com).")},
    )  # fmt: skip
    phone = PhoneField(label=gettext_lazy("Số điện thoại"), required=False)
    address = forms.CharField(
        label=gettext_lazy("Địa chỉ (không bắt buộc)"), max_length=250, required=False
    )
    topic = forms.ModelChoiceField(
        label=gettext_lazy("Lĩnh vực"), queryset=Topic.objects.all(),
        empty_label=gettext_lazy("— Chọn lĩnh vực —"),
    )  # fmt: skip
    title = forms.CharField(label=gettext_lazy("Tiêu đề câu hỏi"), min_length=5, max_length=200)
    question = forms.CharField(
        label=gettext_lazy("Nội dung câu hỏi"), min_length=10, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Tối đa 5.000 ký tự. Đừng ghi số giấy tờ tùy thân hay thông tin "
                               "riêng tư không cần thiết."),
    )  # fmt: skip
    name_shown = forms.ChoiceField(
        label=gettext_lazy("Khi công bố câu hỏi, hiện tên tôi là"), choices=NameShown.choices,
        initial=NameShown.INITIALS, widget=forms.RadioSelect,
    )  # fmt: skip
    consent = forms.BooleanField(label=gettext_lazy("Tôi đồng ý"))

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        privacy = reverse("portal:privacy")
        self.fields["consent"].label = format_html(
            '{} <a href="{}">{}</a>{}',
            _("Tôi đồng ý để cơ quan lưu và dùng thông tin trên để trả lời câu hỏi, theo"),
            privacy, _("chính sách bảo vệ dữ liệu cá nhân"), ".",
        )  # fmt: skip
        self.fields["consent"].error_messages["required"] = _(
            "Cần đồng ý với việc xử lý dữ liệu cá nhân thì cơ quan mới trả lời được."
        )

    def clean(self):
        cleaned = super().clean()
        email, phone = cleaned.get("email"), cleaned.get("phone")
        if not email and not phone and not self.has_error("email") and not self.has_error("phone"):
            raise ValidationError(
                _("Hãy ghi thư điện tử hoặc số điện thoại để nhận câu trả lời và tra cứu."),
                code="no_contact",
            )
        if cleaned.get("title") and cleaned.get("question"):
            self.fingerprint = guard.fingerprint(cleaned["title"], cleaned["question"])
            since = timezone.now() - timedelta(days=DUPLICATE_DAYS)
            earlier = Question.objects.filter(fingerprint=self.fingerprint, created__gte=since)
            if earlier.matching_contact(email or "", phone or "").exists():
                raise ValidationError(
                    _("Bạn đã gửi đúng câu hỏi này rồi; mã tra cứu đã được gửi tới bạn khi gửi "
                      "lần trước. Cơ quan sẽ trả lời một lần cho câu hỏi đó."),
                    code="duplicate",
                )  # fmt: skip
        return cleaned

    def save(self) -> Question:
        data = self.cleaned_data
        return Question.receive(
            asker_name=data["asker_name"], email=data.get("email") or "",
            phone=data.get("phone") or "", address=data.get("address") or "",
            topic=data["topic"], title=data["title"], question=data["question"],
            name_shown=data["name_shown"], fingerprint=self.fingerprint,
            address_key=guard.address_key(self.request) if self.request else "",
        )  # fmt: skip


def normalise_code(text: str) -> str:
    """ " hd-2026-123 " → "HD-2026-00123"; "" when it is not a code."""
    match = CODE.match(re.sub(r"\s+", "", text or "").upper().replace("–", "-"))
    return f"HD-{match[1]}-{int(match[2]):05d}" if match else ""


class LookupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã tra cứu"), max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "HD-2026-00123", "autocomplete": "off"}),
    )  # fmt: skip
    contact = forms.CharField(
        label=gettext_lazy("Thư điện tử hoặc số điện thoại đã dùng khi hỏi"), max_length=254
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise ValidationError(_("Mã tra cứu có dạng HD-2026-00123."), code="invalid")
        return code

    def clean_contact(self):
        text = self.cleaned_data["contact"].strip()
        if "@" in text:
            try:
                validate_email(text)
            except ValidationError as exc:
                raise ValidationError(_("Thư điện tử chưa đúng."), code="invalid") from exc
            return ("email", text)
        return ("phone", PhoneField().clean(text))

    def question(self) -> Question | None:
        """The question with this code sent from this contact (None for any other pair: a
        wrong code and a wrong contact look the same)."""
        kind, value = self.cleaned_data["contact"]
        questions = Question.objects.filter(code=self.cleaned_data["code"])
        questions = questions.matching_contact(value if kind == "email" else "",
                                               value if kind == "phone" else "")  # fmt: skip
        return questions.select_related("topic", "duplicate_of").first()


class QuestionFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    linh_vuc = forms.SlugField(required=False, max_length=160)
