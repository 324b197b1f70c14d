"""The demo's consultations: a draft plan open for comments now (relative to the day the demo is
loaded) and an earlier draft, closed, with its report on what was accepted and explained. Both
drafts and the report get a one-page PDF written with fpdf2 like the demo's documents. The
text is the demo's own; the commenters are invented (addresses on example.com)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from . import documents

UNIT = "Phòng Bưu chính, Viễn thông và Công nghệ thông tin, Sở Thông tin và Truyền thông"
CONTACT = (
    "Phòng Bưu chính, Viễn thông và Công nghệ thông tin\n"
    "Điện thoại: 0220 3 850 000 (giờ hành chính)\n"
    "Thư điện tử: cntt.stttt@example.gov.vn"
)

OPEN = {
    "slug": "du-thao-ke-hoach-chuyen-doi-so-dich-vu-cong",
    "title": "Dự thảo Kế hoạch chuyển đổi số dịch vụ công của Sở giai đoạn 2026–2028",
    "summary": (
        "Dự thảo đề ra lộ trình đưa toàn bộ thủ tục hành chính của Sở lên dịch vụ công trực "
        "tuyến toàn trình, số hóa kết quả giải quyết và hỗ trợ người dân ở xã, phường chưa quen "
        "dùng máy tính. Sở mong nhận ý kiến về thứ tự các thủ tục, cách hỗ trợ tại bộ phận một "
        "cửa và việc bỏ bớt giấy tờ phải nộp."
    ),
    "body": (
        "<p>Dự thảo gồm ba phần: hiện trạng dịch vụ công của Sở, mục tiêu đến năm 2028 và các "
        "nhiệm vụ, giải pháp. Ý kiến góp ý xin ghi rõ điều, khoản của dự thảo.</p>"
        "<p>Những nội dung Sở đặc biệt cần ý kiến: thời hạn chuyển từng nhóm thủ tục lên trực "
        "tuyến toàn trình; việc dùng tài khoản định danh điện tử thay cho bản sao giấy tờ; và "
        "đội hỗ trợ lưu động ở các xã vùng sâu.</p>"
    ),
    "days_open": (-5, 25),
    "pdf": [
        "Điều 1. Mục tiêu: đến năm 2028, 100% thủ tục hành chính của Sở được cung cấp dưới dạng "
        "dịch vụ công trực tuyến toàn trình; kết quả giải quyết được số hóa và trả qua tài khoản "
        "của người dân.",
        "Điều 2. Lộ trình: năm 2026 các thủ tục về bưu chính và xuất bản; năm 2027 các thủ tục về "
        "báo chí, phát thanh, truyền hình; năm 2028 các thủ tục còn lại.",
        "Điều 3. Hỗ trợ người dân: bố trí cán bộ hướng dẫn tại bộ phận một cửa và đội hỗ trợ lưu "
        "động tại các xã; không yêu cầu nộp bản sao giấy tờ đã có trong cơ sở dữ liệu quốc gia.",
    ],
    "comments": [
        (
            "Lê Thị Hoa",
            "",
            "hoa.le@example.com",
            "Điều 3",
            "Đề nghị đội hỗ trợ lưu động có lịch cố định hằng tháng ở từng xã và thông báo trước "
            "trên loa truyền thanh, để người cao tuổi biết mà đến.",
        ),
        (
            "Phạm Quốc Trung",
            "Công ty TNHH In Thành Đông",
            "trung.pham@example.com",
            "Điều 2",
            "Doanh nghiệp in mong thủ tục cấp giấy phép hoạt động in được đưa lên trực tuyến ngay "
            "trong năm 2026 vì hồ sơ nhiều và phải đi lại nhiều lần.",
        ),
    ],
}

CLOSED = {
    "slug": "du-thao-quy-che-cung-cap-thong-tin-tren-cong",
    "title": "Dự thảo Quy chế cung cấp thông tin trên Cổng thông tin điện tử của Sở",
    "summary": (
        "Dự thảo quy định loại thông tin phải đăng trên Cổng, thời hạn cập nhật, trách nhiệm của "
        "các phòng, đơn vị và cách tiếp nhận, trả lời ý kiến của người dân qua Cổng."
    ),
    "body": (
        "<p>Dự thảo thay thế quy chế năm 2018, bổ sung việc đăng dự thảo lấy ý kiến, công bố "
        "câu hỏi và trả lời, và thời hạn cập nhật văn bản mới.</p>"
    ),
    "days_open": (-90, -60),
    "pdf": [
        "Điều 4. Thông tin phải đăng: văn bản chỉ đạo, điều hành; thủ tục hành chính; dự thảo "
        "cần lấy ý kiến; kế hoạch, báo cáo; thông tin tuyển dụng.",
        "Điều 6. Thời hạn: văn bản mới được đăng chậm nhất hai ngày làm việc sau khi ban hành.",
    ],
    "comments": [
        (
            "Nguyễn Minh Tâm",
            "",
            "tam.nguyen@example.com",
            "Điều 6",
            "Nên rút thời hạn đăng văn bản mới xuống một ngày làm việc, vì văn bản điện tử đã có "
            "ngay khi ký số.",
        ),
        (
            "Đỗ Văn Khánh",
            "Hội Nhà báo tỉnh",
            "khanh.do@example.com",
            "Điều 4",
            "Đề nghị bổ sung việc đăng lịch làm việc của lãnh đạo Sở.",
        ),
    ],
    "report": {
        "body": (
            "<p>Trong thời gian lấy ý kiến, Sở nhận được 2 ý kiến góp ý của người dân và tổ "
            "chức.</p>"
            "<p><strong>Tiếp thu:</strong> thời hạn đăng văn bản mới tại Điều 6 được sửa thành "
            "một ngày làm việc sau khi ban hành.</p>"
            "<p><strong>Giải trình:</strong> lịch làm việc của lãnh đạo Sở đã được đăng ở mục "
            "Lịch công tác theo quy định riêng, nên không đưa vào Điều 4 của quy chế này.</p>"
        ),
        "accepted": 1,
        "explained": 1,
        "pdf": [
            "Tổng số ý kiến nhận được: 2. Số ý kiến tiếp thu: 1. Số ý kiến giải trình: 1.",
            "Ý kiến về Điều 6 (thời hạn đăng văn bản): tiếp thu, sửa thành một ngày làm việc.",
            "Ý kiến về Điều 4 (lịch làm việc của lãnh đạo): giải trình, đã có quy định riêng.",
        ],
    },
}


def _file(name: str, kind: str, title: str, paragraphs: list[str]):
    from portal.models import Attachment

    existing = Attachment.objects.filter(original_name=name).first()
    if existing:
        return existing, False
    today = timezone.localdate()
    data = documents.pdf(
        "Sở Thông tin và Truyền thông tỉnh Hải Dương", "",
        f"Hải Dương, ngày {today:%d} tháng {today:%m} năm {today:%Y}", kind, title, paragraphs,
        None,
    )  # fmt: skip
    return Attachment.create_from_upload(SimpleUploadedFile(name, data)), True


def load_consultations(note=None) -> int:
    """Create the two demo consultations (and their files, comments and report) unless they
    exist; ``note(obj, created)`` is told of each. Returns how many objects were created."""
    from news.models import Comment, Consultation, ConsultationReport

    created = 0

    def noted(obj, is_new=True):
        nonlocal created
        created += int(is_new)
        if note is not None:
            note(obj, is_new)

    now = timezone.now().replace(second=0, microsecond=0)
    for data in (OPEN, CLOSED):
        if Consultation.objects.filter(slug=data["slug"]).exists():
            continue
        start, end = data["days_open"]
        opens_at = (now + timedelta(days=start)).replace(hour=8, minute=0)
        closes_at = (now + timedelta(days=end)).replace(hour=17, minute=0)
        draft, new = _file(f"{data['title']}.pdf", "Dự thảo", data["title"], data["pdf"])
        noted(draft, new)
        consultation = Consultation(
            slug=data["slug"], title=data["title"], summary=data["summary"], body=data["body"],
            drafting_unit=UNIT, contact=CONTACT, opens_at=opens_at, closes_at=closes_at,
            attachments=[{"key": draft.key, "label": ""}],
            status=Consultation.Status.PUBLISHED, publish_at=opens_at - timedelta(hours=1),
        )  # fmt: skip
        consultation.full_clean()
        consultation.save()
        noted(consultation)
        for index, (name, organisation, email, reference, text) in enumerate(data["comments"]):
            sent = opens_at + timedelta(days=index + 1)
            comment = Comment.objects.create(
                consultation=consultation, name=name, organisation=organisation, email=email,
                reference=reference, text=text, status=Comment.Status.APPROVED,
                consent_at=sent, moderated_at=sent + timedelta(hours=2),
            )  # fmt: skip
            Comment.objects.filter(pk=comment.pk).update(created=sent)
            noted(comment)
        report = data.get("report")
        if report:
            title = f"Báo cáo tiếp thu, giải trình – {data['title']}"
            file, new = _file(f"{title}.pdf", "Báo cáo", title, report["pdf"])
            noted(file, new)
            summary = ConsultationReport(
                consultation=consultation, body=report["body"], accepted=report["accepted"],
                explained=report["explained"], attachments=[{"key": file.key, "label": ""}],
                status=ConsultationReport.Status.PUBLISHED,
                publish_at=closes_at + timedelta(days=10),
            )  # fmt: skip
            summary.full_clean()
            summary.save()
            noted(summary)
    return created
