"""The public forms' <select> written in Python gives what Django's own template gives."""

import re

from django import forms

from portal.widgets import QuickSelect

CHOICES = [
    ("", "— Tất cả —"),
    ("1", "Quyết định"),
    ("2", 'Kế hoạch <b>"số 1"</b> & công văn'),
    ("Năm", [("2024", "2024"), ("2023", "2023")]),
]


def markup(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


class Chosen(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    quick = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)
    plain_required = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"class": "x"}))
    quick_required = forms.ChoiceField(choices=CHOICES, widget=QuickSelect(attrs={"class": "x"}))


def test_the_quick_select_writes_what_django_writes():
    for data in (None, {"plain": "2023", "quick": "2023"}, {"plain": "2", "quick": "2"}):
        form = Chosen(data)
        for plain, quick in (("plain", "quick"), ("plain_required", "quick_required")):
            django_html = markup(str(form[plain])).replace(plain, quick)
            assert markup(str(form[quick])) == django_html


def test_the_quick_select_escapes_labels_and_marks_the_chosen_option():
    html = str(Chosen({"quick": "2"})["quick"])
    assert "Kế hoạch &lt;b&gt;&quot;số 1&quot;&lt;/b&gt; &amp; công văn" in html
    assert '<option value="2" selected>' in html and html.count("selected") == 1
    assert '<optgroup label="Năm">' in html
