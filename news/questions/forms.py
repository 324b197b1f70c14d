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
from portal.widgets import QuickSelect

from .models import NameShown, Question, Topic

DUPLICATE_DAYS = 30
# The same question from the same contact and address this soon after: the same person's
# second tap (or a reload) on a slow network, shown the code the first one got.
REPLAY_MINUTES = 10
CODE = re.compile(r"^HD-?(\d{4})-?(\d{1,6})$")
# Hyphens, dashes and minus signs people's keyboards and phones put in a code, and the other
# separators they use.
CODE_SEPARATORS = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D_./]")
TITLE_MIN, TITLE_MAX, QUESTION_MIN, QUESTION_MAX = 5, 200, 10, 5000


class AskForm(guard.GuardedForm):
    asker_name = forms.CharField(
        label=gettext_lazy("Họ và tên"), max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )  # fmt: skip
    email = forms.EmailField(
        label=gettext_lazy("Thư điện tử"), max_length=254, required=False,
        help_text=gettext_lazy("Để nhận mã tra cứu và câu trả lời."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": gettext_lazy("Thư điện tử chưa đúng (ví dụ ten@example.com)."),
                        "max_length": gettext_lazy("Thư điện tử dài quá: tối đa 254 ký tự.")},
    )  # fmt: skip
    phone = PhoneField(
        label=gettext_lazy("Số điện thoại"), required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )  # fmt: skip
    address = forms.CharField(
        label=gettext_lazy("Địa chỉ (không bắt buộc)"), max_length=250, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),  # street-address: textarea
    )  # fmt: skip
    topic = forms.ModelChoiceField(
        label=gettext_lazy("Lĩnh vực"), queryset=Topic.objects.all(),
        empty_label=gettext_lazy("— Chọn lĩnh vực —"), widget=QuickSelect,
        error_messages={"required": gettext_lazy("Hãy chọn lĩnh vực của câu hỏi.")},
    )  # fmt: skip
    title = forms.CharField(
        label=gettext_lazy("Tiêu đề câu hỏi"), min_length=TITLE_MIN, max_length=TITLE_MAX
    )
    question = forms.CharField(
        label=gettext_lazy("Nội dung câu hỏi"), min_length=QUESTION_MIN, max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Tối đa 5.000 ký tự. Đừng ghi số giấy tờ tùy thân hay thông tin "
                               "riêng tư không cần thiết."),
    )  # fmt: skip
    name_shown = forms.ChoiceField(
        label=gettext_lazy("Khi công bố câu hỏi, hiện tên tôi là"), choices=NameShown.choices,
        initial=NameShown.INITIALS, widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Hãy chọn cách hiện tên khi công bố.")},
    )  # fmt: skip
    consent = forms.BooleanField(
        label=gettext_lazy("Tôi đồng ý"), template_name="includes/consent_field.html"
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fingerprint = ""
        self.already_asked: Question | None = None  # set by clean: this person's earlier post
        for name, label, maximum, minimum in (
            ("asker_name", _("họ và tên"), 100, None),
            ("address", _("địa chỉ"), 250, None),
            ("title", _("tiêu đề câu hỏi"), TITLE_MAX, TITLE_MIN),
            ("question", _("nội dung câu hỏi"), QUESTION_MAX, QUESTION_MIN),
        ):
            self.fields[name].error_messages.update(guard.length_messages(label, maximum, minimum))
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
        email, phone = cleaned.get("email") or "", cleaned.get("phone") or ""
        if not email and not phone and not self.has_error("email") and not self.has_error("phone"):
            # On both boxes (each marked invalid), so that the person sees where to write.
            self.add_error("email", ValidationError(
                _("Hãy ghi thư điện tử hoặc số điện thoại để nhận câu trả lời và tra cứu."),
                code="no_contact",
            ))  # fmt: skip
            self.add_error("phone", ValidationError(
                _("Hoặc ghi số điện thoại (chỉ cần một trong hai)."), code="no_contact"
            ))  # fmt: skip
            return cleaned
        if cleaned.get("title") and cleaned.get("question"):
            self.fingerprint = guard.fingerprint(cleaned["title"], cleaned["question"])
            earlier = self._earlier(email, phone)
            replayed = self._replayed(earlier, email, phone)
            if replayed is not None:
                self.already_asked = replayed
            elif earlier.exists():
                raise self.duplicate_error()
        return cleaned

    def _earlier(self, email: str, phone: str):
        """The same question from this e-mail or phone in the last :data:`DUPLICATE_DAYS`."""
        since = timezone.now() - timedelta(days=DUPLICATE_DAYS)
        earlier = Question.objects.filter(fingerprint=self.fingerprint, created__gte=since)
        return earlier.matching_contact(email, phone)

    def _replayed(self, earlier, email: str, phone: str) -> Question | None:
        """This person's own post of a moment ago: the same text, the same contact, the same
        address, within :data:`REPLAY_MINUTES`."""
        if self.request is None:
            return None
        recent = timezone.now() - timedelta(minutes=REPLAY_MINUTES)
        same = earlier.filter(email__iexact=email, phone=phone, created__gte=recent,
                              address_key=guard.address_key(self.request))  # fmt: skip
        return same.order_by("-created").first()

    def is_replay_of(self, question: Question) -> bool:
        return self._replayed(Question.objects.filter(pk=question.pk), question.email,
                              question.phone) is not None  # fmt: skip

    @staticmethod
    def duplicate_error() -> ValidationError:
        return ValidationError(
            _("Bạn đã gửi đúng câu hỏi này rồi; cơ quan sẽ trả lời một lần cho câu hỏi đó. Mã "
              "tra cứu có trong thư xác nhận (nếu bạn đã ghi thư điện tử) và trên trang hiện "
              "ra sau lần gửi trước."),
            code="duplicate",
        )  # fmt: skip

    def save(self) -> Question:
        """The new question (raises :class:`AlreadyAsked` when a racing post of the same
        question from the same contact was kept first)."""
        data = self.cleaned_data
        return Question.receive(
            asker_name=data["asker_name"], email=data.get("email") or "",
            phone=data.get("phone") or "", address=data.get("address") or "",
            topic=data["topic"], title=data["title"], question=data["question"],
            name_shown=data["name_shown"], fingerprint=self.fingerprint,
            address_key=guard.address_key(self.request) if self.request else "",
        )  # fmt: skip


def normalise_code(text: str) -> str:
    """ " hd-2026-123 ", "HD 2026 00123", "HD202600123", "HD‑2026‑00123" (any dash) →
    "HD-2026-00123"; "" when it is not a code."""
    text = CODE_SEPARATORS.sub("-", re.sub(r"\s+", "", text or "").upper())
    match = CODE.match(text)
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
