"""The demo's organisation: the Department of Information and Communications of Hải Dương (the
agency of the seed article), its leadership, six divisions and an attached centre, with the
people in office. The people are invented (names, phone numbers and addresses on example.gov.vn
are not anyone's); the functions are the demo's own summary. Most items have an English text,
some deliberately not, so that the English pages show their visible fallback. One official has
changed office (a former record and the current one), so the history is there too."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw

AGENCY = {
    "slug": "so-thong-tin-va-truyen-thong",
    "name": "Sở Thông tin và Truyền thông tỉnh Hải Dương",
    "name_en": "Hai Duong Department of Information and Communications",
    "short_name": "Sở TT&TT Hải Dương",
    "short_name_en": "Hai Duong DIC",
    "address": "Thành phố Hải Dương, tỉnh Hải Dương",
    "address_en": "Hai Duong City, Hai Duong Province",
    "phone": "0220 3 850 100",
    "email": "stttt@example.gov.vn",
    "body": (
        "<p>Sở Thông tin và Truyền thông là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham "
        "mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước về báo chí, xuất bản, bưu chính, viễn "
        "thông, công nghệ thông tin, chuyển đổi số, thông tin cơ sở và thông tin đối ngoại.</p>"
        "<ul><li>Trình Ủy ban nhân dân tỉnh kế hoạch phát triển ngành thông tin và truyền "
        "thông của tỉnh.</li><li>Hướng dẫn, kiểm tra hoạt động báo chí, xuất bản, in, phát "
        "hành trên địa bàn.</li><li>Chủ trì xây dựng chính quyền số và bảo đảm an toàn thông "
        "tin cho cơ quan nhà nước của tỉnh.</li><li>Hướng dẫn nghiệp vụ cho đài truyền thanh "
        "cấp xã và cán bộ thông tin cơ sở.</li></ul>"
    ),
    "functions_en": (
        "<p>The Department of Information and Communications is a specialised agency of the "
        "Provincial People's Committee. It advises the Committee on, and carries out, state "
        "management of the press, publishing, postal services, telecommunications, information "
        "technology, digital transformation, grassroots information and external "
        "information.</p><ul><li>Proposes the province's plans for the sector.</li><li>Guides "
        "and inspects the press, publishing, printing and distribution in the province.</li>"
        "<li>Leads digital government and information security for the province's public "
        "bodies.</li><li>Trains commune radio stations and grassroots information staff.</li>"
        "</ul>"
    ),
}

# (slug, kind, name, name_en, short_name, phone, email, functions, functions_en)
UNITS = [
    (
        "van-phong-so",
        "division",
        "Văn phòng Sở",
        "Office of the Department",
        "Văn phòng",
        "0220 3 850 101",
        "vanphong.stttt@example.gov.vn",
        "<p>Tham mưu tổng hợp, hành chính, văn thư, lưu trữ, tổ chức cán bộ, thi đua khen "
        "thưởng; quản lý Cổng thông tin điện tử của Sở; tiếp nhận và trả kết quả thủ tục hành "
        "chính tại bộ phận một cửa.</p>",
        "<p>General affairs, administration, records, personnel and awards; runs the "
        "Department's web portal; receives applications and returns results at the one-stop "
        "desk.</p>",
    ),
    (
        "thanh-tra-so",
        "division",
        "Thanh tra Sở",
        "Inspectorate",
        "Thanh tra",
        "0220 3 850 102",
        "thanhtra.stttt@example.gov.vn",
        "<p>Thanh tra hành chính và thanh tra chuyên ngành thông tin và truyền thông; giải "
        "quyết khiếu nại, tố cáo; phòng, chống tham nhũng.</p>",
        "<p>Administrative and specialised inspection in information and communications; "
        "handles complaints and denunciations; anti-corruption work.</p>",
    ),
    (
        "phong-ke-hoach-tai-chinh",
        "division",
        "Phòng Kế hoạch – Tài chính",
        "Planning and Finance Division",
        "Phòng KH-TC",
        "0220 3 850 103",
        "khtc.stttt@example.gov.vn",
        "<p>Xây dựng kế hoạch, dự toán ngân sách của Sở; quản lý tài chính, tài sản; thẩm định "
        "dự án ứng dụng công nghệ thông tin dùng vốn nhà nước.</p>",
        "<p>Plans and budgets of the Department; finance and assets; appraisal of publicly "
        "funded IT projects.</p>",
    ),
    (
        "phong-bao-chi-xuat-ban",
        "division",
        "Phòng Báo chí – Xuất bản",
        "Press and Publishing Division",
        "Phòng BC-XB",
        "0220 3 850 104",
        "bcxb.stttt@example.gov.vn",
        "<p>Quản lý báo chí, xuất bản, in và phát hành, thông tin đối ngoại; theo dõi thông "
        "tin trên báo chí về tỉnh; tổ chức họp báo của tỉnh.</p>",
        "",  # deliberately untranslated: the English page shows the Vietnamese, marked
    ),
    (
        "phong-buu-chinh-vien-thong-cong-nghe-thong-tin",
        "division",
        "Phòng Bưu chính, Viễn thông và Công nghệ thông tin",
        "Posts, Telecommunications and IT Division",
        "Phòng BCVT-CNTT",
        "0220 3 850 000",
        "cntt.stttt@example.gov.vn",
        "<p>Quản lý bưu chính, viễn thông, tần số vô tuyến điện, công nghệ thông tin; chuyển "
        "đổi số; an toàn thông tin mạng trong cơ quan nhà nước của tỉnh.</p>",
        "<p>Postal services, telecommunications, radio frequencies and IT; digital "
        "transformation; network information security for the province's public bodies.</p>",
    ),
    (
        "phong-thong-tin-co-so",
        "division",
        "Phòng Thông tin cơ sở",
        "",
        "Phòng TTCS",
        "0220 3 850 105",
        "ttcs.stttt@example.gov.vn",
        "<p>Hướng dẫn hoạt động thông tin cơ sở, đài truyền thanh cấp xã, bảng tin công cộng; "
        "thực hiện dự án truyền thông và giảm nghèo về thông tin.</p>",
        "",  # no English name nor functions yet (the fallback shows)
    ),
    (
        "trung-tam-cong-nghe-thong-tin-va-truyen-thong",
        "attached",
        "Trung tâm Công nghệ thông tin và Truyền thông",
        "Information and Communication Technology Centre",
        "Trung tâm CNTT&TT",
        "0220 3 850 106",
        "trungtam.stttt@example.gov.vn",
        "<p>Đơn vị sự nghiệp công lập trực thuộc Sở: vận hành hạ tầng dùng chung, trung tâm dữ "
        "liệu của tỉnh; hỗ trợ kỹ thuật cho các cổng thông tin điện tử; đào tạo kỹ năng số.</p>",
        "",
    ),
]

# (name, name_en, rank)
POSITIONS = [
    ("Giám đốc", "Director", 1),
    ("Phó Giám đốc", "Deputy Director", 2),
    ("Chánh Văn phòng", "Chief of Office", 10),
    ("Chánh Thanh tra", "Chief Inspector", 10),
    ("Trưởng phòng", "Head of Division", 10),
    ("Giám đốc Trung tâm", "Director of the Centre", 10),
    ("Phó Chánh Văn phòng", "Deputy Chief of Office", 20),
    ("Phó Trưởng phòng", "Deputy Head of Division", 20),
    ("Phó Giám đốc Trung tâm", "", 20),  # deliberately untranslated
    ("Chuyên viên", "Officer", 30),
]

# (name, position, unit slug, phone, e-mail, duties, duties_en, flags, contact_for,
#  contact_for_en, order, from) -- flags: "R" responsible for the portal, "C" its contact.
OFFICIALS = [
    (
        "Trần Quang Minh",
        "Giám đốc",
        None,
        "0220 3 850 110",
        "tqminh@example.gov.vn",
        "Lãnh đạo, điều hành toàn diện hoạt động của Sở.\nPhụ trách công tác tổ chức cán bộ, "
        "kế hoạch, tài chính, thanh tra.\nChịu trách nhiệm nội dung Cổng thông tin điện tử.",
        "Leads and directs all the Department's work.\nIn charge of personnel, planning, "
        "finance and inspection.\nResponsible for the content of the web portal.",
        "R",
        "",
        "",
        1,
        date(2021, 3, 1),
    ),
    (
        "Lê Thị Thu Hà",
        "Phó Giám đốc",
        None,
        "0220 3 850 111",
        "ltthha@example.gov.vn",
        "Phụ trách lĩnh vực báo chí, xuất bản, thông tin đối ngoại và thông tin cơ sở.",
        "In charge of the press, publishing, external and grassroots information.",
        "",
        "",
        "",
        1,
        date(2022, 6, 15),
    ),
    (
        "Phạm Đức Long",
        "Phó Giám đốc",
        None,
        "0220 3 850 112",
        "pdlong@example.gov.vn",
        "Phụ trách lĩnh vực bưu chính, viễn thông, công nghệ thông tin, chuyển đổi số; phụ "
        "trách Trung tâm Công nghệ thông tin và Truyền thông.",
        "",  # deliberately untranslated
        "",
        "",
        "",
        2,
        date(2023, 9, 1),
    ),
    (
        "Vũ Thị Lan",
        "Chánh Văn phòng",
        "van-phong-so",
        "0220 3 850 120",
        "vtlan@example.gov.vn",
        "Điều hành Văn phòng; thư ký Ban biên tập Cổng thông tin điện tử.",
        "Runs the Office; secretary of the web portal's editorial board.",
        "C",
        "Cổng thông tin điện tử",
        "The web portal",
        1,
        date(2020, 1, 1),
    ),
    (
        "Nguyễn Văn Khánh",
        "Chánh Thanh tra",
        "thanh-tra-so",
        "0220 3 850 130",
        "nvkhanh@example.gov.vn",
        "Điều hành Thanh tra Sở; tiếp công dân định kỳ theo lịch của Sở.",
        "Runs the Inspectorate; receives citizens on the Department's schedule.",
        "",
        "Khiếu nại, tố cáo",
        "Complaints and denunciations",
        1,
        date(2019, 7, 1),
    ),
    (
        "Hoàng Thị Mai",
        "Trưởng phòng",
        "phong-ke-hoach-tai-chinh",
        "0220 3 850 140",
        "htmai@example.gov.vn",
        "Điều hành Phòng Kế hoạch – Tài chính.",
        "Runs the Planning and Finance Division.",
        "",
        "",
        "",
        1,
        date(2021, 1, 1),
    ),
    (
        "Bùi Minh Tuấn",
        "Trưởng phòng",
        "phong-bao-chi-xuat-ban",
        "0220 3 850 150",
        "bmtuan@example.gov.vn",
        "Điều hành Phòng Báo chí – Xuất bản; đầu mối phát ngôn, cung cấp thông tin cho báo chí.",
        "Runs the Press and Publishing Division; contact point for journalists.",
        "",
        "Báo chí, xuất bản",
        "Press and publishing",
        1,
        date(2020, 4, 1),
    ),
    (
        "Ngô Thị Hạnh",
        "Phó Trưởng phòng",
        "phong-bao-chi-xuat-ban",
        "0220 3 850 151",
        "nthanh@example.gov.vn",
        "Theo dõi xuất bản, in, phát hành; thông tin đối ngoại.",
        "",
        "",
        "",
        "",
        2,
        date(2022, 2, 1),
    ),
    (
        "Đặng Quốc Việt",
        "Trưởng phòng",
        "phong-buu-chinh-vien-thong-cong-nghe-thong-tin",
        "0220 3 850 160",
        "dqviet@example.gov.vn",
        "Điều hành Phòng; đầu mối về chuyển đổi số và an toàn thông tin mạng của tỉnh.",
        "Runs the Division; contact point for digital transformation and network security.",
        "",
        "Chuyển đổi số, an toàn thông tin",
        "Digital transformation, information security",
        1,
        date(2021, 8, 1),
    ),
    (
        "Nguyễn Văn Nam",
        "Trưởng phòng",
        "phong-thong-tin-co-so",
        "0220 3 850 170",
        "nvnam@example.gov.vn",
        "Điều hành Phòng; theo dõi hệ thống đài truyền thanh cấp xã.",
        "Runs the Division; follows the commune radio stations.",
        "",
        "Thông tin cơ sở",
        "Grassroots information",
        1,
        date(2022, 10, 1),
    ),
    (
        "Trịnh Thu Trang",
        "Giám đốc Trung tâm",
        "trung-tam-cong-nghe-thong-tin-va-truyen-thong",
        "0220 3 850 180",
        "tttrang@example.gov.vn",
        "Điều hành Trung tâm; vận hành kỹ thuật Cổng thông tin điện tử.",
        "Runs the Centre; technical operation of the web portal.",
        "",
        "",
        "",
        1,
        date(2023, 3, 1),
    ),
    (
        "Lý Hoàng Sơn",
        "Phó Giám đốc Trung tâm",
        "trung-tam-cong-nghe-thong-tin-va-truyen-thong",
        "0220 3 850 181",
        "lhson@example.gov.vn",
        "Phụ trách trung tâm dữ liệu và đào tạo kỹ năng số.",
        "",
        "",
        "",
        "",
        2,
        date(2024, 5, 1),
    ),
]

# Someone who changed office: a deputy head of the press division until the end of 2024,
# deputy chief of the Office since 1 January 2025 (two records, linked).
CHANGED = {
    "name": "Đỗ Văn Hùng",
    "phone": "0220 3 850 121",
    "email": "dvhung@example.gov.vn",
    "before": ("Phó Trưởng phòng", "phong-bao-chi-xuat-ban", date(2019, 3, 1)),
    "after": ("Phó Chánh Văn phòng", "van-phong-so", date(2025, 1, 1)),
    "duties": "Giúp Chánh Văn phòng về hành chính, văn thư, lưu trữ và bộ phận một cửa.",
    "duties_en": "Assists the Chief of Office with administration, records and the one-stop desk.",
}


def portrait(seed: int) -> io.BytesIO:
    """A drawn head-and-shoulders silhouette (no one's photo), as a JPEG upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    tones = [((214, 229, 245), (60, 90, 130)), ((230, 236, 228), (70, 100, 80)),
             ((240, 230, 220), (110, 80, 70))]  # fmt: skip
    background, shirt = tones[seed % len(tones)]
    image = Image.new("RGB", (480, 600), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((160, 110, 320, 290), fill=(205, 170, 145))
    draw.ellipse((150, 90, 330, 200), fill=(40, 35, 35))
    draw.ellipse((165, 130, 315, 295), fill=(205, 170, 145))
    draw.rounded_rectangle((70, 330, 410, 640), radius=120, fill=shirt)
    draw.polygon([(210, 330), (270, 330), (240, 420)], fill=(250, 250, 250))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return SimpleUploadedFile(f"demo-chan-dung-{seed}.jpg", buffer.getvalue(), "image/jpeg")


def load_agency(note=None) -> int:
    """Create the demo organisation unless it exists; ``note(obj, created)`` is told of each
    object. Returns how many were created."""
    from portal.models import Photo

    from ..agency.models import Official, Position, Unit, UnitKind

    created = 0

    def noted(obj, is_new=True):
        nonlocal created
        created += int(is_new)
        if note is not None:
            note(obj, is_new)

    if Unit.objects.filter(slug=AGENCY["slug"]).exists():
        return 0
    agency = Unit(kind=UnitKind.AGENCY, order=0, **AGENCY)
    agency.full_clean()
    agency.save()
    noted(agency)
    units = {None: agency}
    for order, row in enumerate(UNITS, start=1):
        slug, kind, name, name_en, short, phone, email, body, body_en = row
        unit = Unit(
            slug=slug, kind=kind, name=name, name_en=name_en, short_name=short, phone=phone,
            email=email, body=body, functions_en=body_en, parent=agency, order=order,
            address=AGENCY["address"], address_en=AGENCY["address_en"] if name_en else "",
        )  # fmt: skip
        unit.full_clean()
        unit.save()
        noted(unit)
        units[slug] = unit
    positions = {}
    for name, name_en, rank in POSITIONS:
        position, new = Position.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "order": rank}
        )
        noted(position, new)
        positions[name] = position
    for index, row in enumerate(OFFICIALS):
        (name, position, unit, phone, email, duties, duties_en, flags, field, field_en,
         order, start) = row  # fmt: skip
        photo = None
        if unit is None:  # the leaders have a (drawn) portrait
            photo = Photo.create_from_upload(portrait(index), alt_text=name)
            noted(photo)
        official = Official(
            name=name, position=positions[position], unit=units[unit], phone=phone,
            email=email, duties=duties, duties_en=duties_en, photo=photo,
            responsible_for_portal="R" in flags, portal_contact="C" in flags,
            contact_for=field, contact_for_en=field_en, order=order, active_from=start,
        )  # fmt: skip
        official.full_clean()
        official.save()
        noted(official)
    position, unit, start = CHANGED["before"]
    before = Official(
        name=CHANGED["name"], position=positions[position], unit=units[unit],
        phone=CHANGED["phone"], email=CHANGED["email"], order=3, active_from=start,
        duties="Theo dõi báo chí, xuất bản.", duties_en="Follows the press and publishing.",
    )  # fmt: skip
    before.full_clean()
    before.save()
    noted(before)
    position, unit, start = CHANGED["after"]
    after = before.change_office(
        on=start, position=positions[position], unit=units[unit], duties=CHANGED["duties"],
        duties_en=CHANGED["duties_en"], order=2,
    )  # fmt: skip
    noted(after)
    return created
