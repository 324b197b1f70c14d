"""The demo's documents and procedures, and the small PDFs it writes for them.

The provincial plan 2328/KH-UBND of 09/8/2017 is the one the seed article cites; the other
documents and the procedures are the kind a department of information and communications
publishes, written for the demo (their numbers are the demo's own). Each document gets a
one-page PDF laid out like a Vietnamese administrative document, with real text (so that the
portal's search reads it), written here with fpdf2 and the bundled DejaVu fonts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts"

TYPES = [
    # (name, has legal force to follow, order)
    ("Quyết định", True, 1),
    ("Kế hoạch", True, 2),
    ("Chỉ thị", True, 3),
    ("Thông báo", False, 4),
    ("Công văn", False, 5),
    ("Giấy mời", False, 6),
]
ISSUERS = [
    # (name, short name, order)
    ("Ủy ban nhân dân tỉnh Hải Dương", "UBND tỉnh", 1),
    ("Sở Thông tin và Truyền thông tỉnh Hải Dương", "Sở TT&TT", 2),
]
FIELDS = [
    ("Phát thanh, truyền hình và thông tin điện tử", 1),
    ("Báo chí, xuất bản", 2),
    ("Giảm nghèo về thông tin", 3),
    ("Chuyển đổi số", 4),
]
SIGNERS = [
    ("Nguyễn Cao Thắng", "Phó Giám đốc phụ trách Sở Thông tin và Truyền thông"),
    ("Trần Minh Đức", "Phó Chủ tịch Ủy ban nhân dân tỉnh"),
]

# (number, type, issuer short name, issued, effective or None, expires or None, signer index or
#  None, fields, summary, paragraphs of the PDF)
DOCUMENTS = [
    (
        "2328/KH-UBND",
        "Kế hoạch",
        "UBND tỉnh",
        date(2017, 8, 9),
        None,
        date(2020, 12, 31),
        1,
        ["Phát thanh, truyền hình và thông tin điện tử", "Giảm nghèo về thông tin"],
        "Đầu tư trang thiết bị và nâng cao chất lượng hoạt động của hệ thống Đài Phát thanh cấp "
        "huyện và Đài Truyền thanh cấp xã tỉnh Hải Dương giai đoạn 2017–2020",
        [
            "Mục đích: trang bị lại thiết bị sản xuất chương trình và thiết bị truyền dẫn cho các "
            "Đài Phát thanh cấp huyện và Đài Truyền thanh cấp xã, để thông tin thiết yếu đến được "
            "với người dân, nhất là ở các xã khó khăn.",
            "Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành và Ủy ban nhân "
            "dân cấp huyện tổ chức triển khai kế hoạch, theo dõi việc sử dụng thiết bị và báo cáo "
            "kết quả hằng năm.",
            "Kế hoạch thực hiện trong giai đoạn 2017–2020.",
        ],
    ),
    (
        "145/KH-STTTT",
        "Kế hoạch",
        "Sở TT&TT",
        date(2017, 9, 5),
        None,
        date(2017, 12, 31),
        0,
        ["Giảm nghèo về thông tin"],
        "Tổ chức lớp tập huấn về truyền thông và giảm nghèo về thông tin năm 2017",
        [
            "Sở tổ chức một lớp tập huấn cho lãnh đạo các sở, ngành, cơ quan báo chí, Đài Phát "
            "thanh cấp huyện, Đài Truyền thanh cấp xã và cán bộ văn hóa, thông tin cấp xã.",
            "Nội dung gồm tiêu chí về thông tin và truyền thông trong xây dựng nông thôn mới, dự "
            "án truyền thông và giảm nghèo về thông tin, và quản lý tài chính các nội dung này.",
        ],
    ),
    (
        "152/GM-STTTT",
        "Giấy mời",
        "Sở TT&TT",
        date(2017, 9, 20),
        None,
        None,
        0,
        ["Giảm nghèo về thông tin"],
        "Mời dự lớp tập huấn truyền thông và giảm nghèo về thông tin ngày 28/9/2017",
        [
            "Sở Thông tin và Truyền thông trân trọng kính mời đại diện lãnh đạo các cơ quan, đơn vị "
            "dự lớp tập huấn, khai mạc lúc 8 giờ ngày 28 tháng 9 năm 2017.",
        ],
    ),
    (
        "35/QĐ-STTTT",
        "Quyết định",
        "Sở TT&TT",
        date(2018, 3, 12),
        date(2018, 4, 1),
        None,
        0,
        ["Phát thanh, truyền hình và thông tin điện tử"],
        "Ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử của Sở",
        [
            "Ban hành kèm theo Quyết định này Quy chế quản lý, vận hành Cổng thông tin điện tử "
            "của Sở Thông tin và Truyền thông: biên tập, duyệt và đăng tin; trách nhiệm của các "
            "phòng, đơn vị.",
        ],
    ),
    (
        "88/QĐ-STTTT",
        "Quyết định",
        "Sở TT&TT",
        date(2023, 6, 15),
        date(2023, 7, 1),
        None,
        0,
        ["Phát thanh, truyền hình và thông tin điện tử", "Chuyển đổi số"],
        "Ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử của Sở (thay thế Quy chế năm "
        "2018)",
        [
            "Quy chế mới quy định việc cung cấp thông tin trên cổng theo Nghị định số "
            "42/2022/NĐ-CP, việc duyệt tin, lưu trữ và an toàn thông tin.",
            "Quyết định này thay thế Quyết định số 35/QĐ-STTTT ngày 12/3/2018.",
        ],
    ),
]
# (source number, kind, target number)
RELATIONS = [("88/QĐ-STTTT", "replaces", "35/QĐ-STTTT")]

# (code, name, field, level, agency, processing time, fees, steps, papers, result, online,
#  legal basis numbers)
PROCEDURES = [
    (
        "MAU.01",
        "Cấp giấy phép xuất bản bản tin",
        "Báo chí, xuất bản",
        "province",
        "Sở Thông tin và Truyền thông",
        "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        "",
        "Tổ chức nộp hồ sơ tại Bộ phận một cửa hoặc trực tuyến\nSở thẩm định hồ sơ\n"
        "Sở cấp giấy phép hoặc trả lời bằng văn bản, nêu rõ lý do",
        "Tờ khai đề nghị cấp giấy phép (theo mẫu)\nBản sao quyết định thành lập của cơ quan, "
        "tổ chức\nMẫu trình bày tên gọi của bản tin",
        "Giấy phép xuất bản bản tin",
        "partial",
        [],
    ),
    (
        "MAU.02",
        "Thông báo thay đổi thông tin trang thông tin điện tử tổng hợp",
        "Phát thanh, truyền hình và thông tin điện tử",
        "province",
        "Sở Thông tin và Truyền thông",
        "5 ngày làm việc",
        "Không thu phí",
        "Tổ chức gửi thông báo thay đổi\nSở xem xét và xác nhận",
        "Văn bản thông báo thay đổi\nGiấy tờ chứng minh nội dung thay đổi",
        "Văn bản xác nhận",
        "full",
        ["35/QĐ-STTTT"],
    ),
    (
        "MAU.03",
        "Đăng ký hỗ trợ phương tiện nghe, xem cho hộ nghèo",
        "Giảm nghèo về thông tin",
        "commune",
        "Ủy ban nhân dân cấp xã",
        "10 ngày làm việc",
        "Không thu phí",
        "Hộ gia đình nộp đơn tại Ủy ban nhân dân xã\nXã lập danh sách, niêm yết công khai\n"
        "Phòng Văn hóa và Thông tin huyện tổng hợp, gửi Sở",
        "Đơn đề nghị hỗ trợ (theo mẫu)\nGiấy chứng nhận hộ nghèo hoặc cận nghèo",
        "Phương tiện nghe, xem được cấp",
        "none",
        ["2328/KH-UBND"],
    ),
]
# The application form each procedure offers (its "biểu mẫu"), as a small PDF.
PROCEDURE_FORMS = {
    "MAU.01": "Tờ khai đề nghị cấp giấy phép xuất bản bản tin",
    "MAU.03": "Đơn đề nghị hỗ trợ phương tiện nghe, xem",
}


def pdf(issuer: str, number: str, place_date: str, kind: str, summary: str,
        paragraphs: list[str], signer: tuple[str, str] | None) -> bytes:  # fmt: skip
    """One A4 page laid out like a Vietnamese administrative document."""
    from fpdf import FPDF

    page = FPDF(format="A4")
    page.set_auto_page_break(True, margin=20)
    page.add_font("DejaVu", fname=str(FONTS / "DejaVuSans.ttf"))
    page.add_font("DejaVu", style="B", fname=str(FONTS / "DejaVuSans-Bold.ttf"))
    page.set_margins(20, 18, 18)
    page.add_page()
    page.set_font("DejaVu", "B", 10)
    top = page.get_y()
    page.multi_cell(75, 5, issuer.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    page.set_font("DejaVu", size=10)
    if number:
        page.multi_cell(75, 6, f"Số: {number}", align="C", new_x="LMARGIN", new_y="NEXT")
    page.set_xy(95, top)
    page.set_font("DejaVu", "B", 10)
    page.multi_cell(
        97, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    page.set_x(95)
    page.multi_cell(97, 5, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
    page.set_x(95)
    page.set_font("DejaVu", size=10)
    page.multi_cell(97, 8, place_date, align="C", new_x="LMARGIN", new_y="NEXT")
    page.ln(10)
    page.set_font("DejaVu", "B", 13)
    page.multi_cell(0, 7, kind.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    page.set_font("DejaVu", "B", 11)
    page.multi_cell(0, 6, summary, align="C", new_x="LMARGIN", new_y="NEXT")
    page.ln(6)
    page.set_font("DejaVu", size=11)
    for paragraph in paragraphs:
        page.multi_cell(0, 6, paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
        page.ln(3)
    if signer:
        page.ln(8)
        page.set_x(110)
        page.set_font("DejaVu", "B", 11)
        page.multi_cell(80, 6, signer[1].upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        page.ln(18)
        page.set_x(110)
        page.multi_cell(80, 6, signer[0], align="C", new_x="LMARGIN", new_y="NEXT")
    page.set_y(-15)
    page.set_font("DejaVu", size=8)
    page.cell(0, 5, "Tệp mẫu do cổng thông tin tạo để trình diễn.", align="C")
    return bytes(page.output())
