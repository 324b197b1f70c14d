"""Demo content, written for this project from the facts of the seed page (dates, names,
numbers). Photos are drawn by news/demo/pictures.py; ``{photo:NAME}`` in a body stands for the
address of the demo photo NAME."""

CATEGORIES = [
    # (name, slug, order, description)
    ("Tin tức - Sự kiện", "tin-tuc-su-kien", 0, "Tin hoạt động chung của ngành và của tỉnh."),
    (
        "Hoạt động của Sở",
        "hoat-dong-cua-so",
        1,
        "Hội nghị, tập huấn, kiểm tra và các hoạt động của Sở.",
    ),
    ("Chuyển đổi số", "chuyen-doi-so", 2, "Chính quyền số, kinh tế số, xã hội số tại địa phương."),
    ("Báo chí - Xuất bản", "bao-chi-xuat-ban", 3, "Quản lý báo chí, xuất bản, thông tin cơ sở."),
    (
        "Bưu chính - Viễn thông",
        "buu-chinh-vien-thong",
        4,
        "Hạ tầng bưu chính, viễn thông và Internet.",
    ),
    ("Thông báo", "thong-bao", 5, "Thông báo, kế hoạch, lịch công tác."),
]

TRAINING_ARTICLE = {
    "slug": "so-tttt-hai-duong-tap-huan-truyen-thong-va-giam-ngheo-ve-thong-tin-nam-2017",
    "title": "Sở TT&TT Hải Dương tập huấn truyền thông và giảm nghèo về thông tin năm 2017",
    "category": "hoat-dong-cua-so",
    "publish_at": "2017-09-29 10:02",
    "byline": "Phạm Hương",
    "featured": True,
    "sapo": (
        "Ngày 28/9/2017, 630 học viên là cán bộ các sở, ngành, cơ quan báo chí, đài phát thanh, "
        "đài truyền thanh và cán bộ văn hóa – thông tin các cấp của tỉnh Hải Dương đã tham dự lớp "
        "tập huấn về truyền thông và giảm nghèo về thông tin thuộc Chương trình mục tiêu quốc gia "
        "giảm nghèo năm 2017 do Sở Thông tin và Truyền thông tổ chức."
    ),
    "body": """
<p>Lớp tập huấn dành cho lãnh đạo một số sở, ban, ngành của tỉnh; lãnh đạo và phóng viên các cơ quan
thông tin, báo chí đóng trên địa bàn; lãnh đạo, cán bộ Đài Phát thanh cấp huyện và Đài Truyền thanh cấp
xã; lãnh đạo, cán bộ Phòng Văn hóa và Thông tin cấp huyện cùng công chức văn hóa – thông tin, thể dục
thể thao cấp xã. Báo cáo viên của lớp là đồng chí Nguyễn Ngọc Hải, Phó Vụ trưởng Vụ Kế hoạch – Tài chính,
Bộ Thông tin và Truyền thông.</p>
<figure class="image"><img src="{photo:opening}" alt="Phó Giám đốc Sở Nguyễn Cao Thắng đứng sau bục, phát biểu trước phông hội nghị màu đỏ"><figcaption>Đồng chí Nguyễn Cao Thắng, Phó Giám đốc phụ trách Sở TT&amp;TT Hải Dương, phát biểu khai mạc lớp tập huấn.</figcaption></figure>
<p>Trong ngày tập huấn, báo cáo viên Nguyễn Ngọc Hải đã trình bày năm chuyên đề:</p>
<ol>
<li>Tiêu chí về thông tin và truyền thông trong bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2016–2020.</li>
<li>Cách thực hiện nội dung thông tin và truyền thông của Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2016–2020.</li>
<li>Cách thực hiện dự án Truyền thông và giảm nghèo về thông tin của Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2016–2020.</li>
<li>Quản lý tài chính đối với nội dung thông tin và truyền thông trong Chương trình xây dựng nông thôn mới.</li>
<li>Quản lý tài chính đối với dự án Truyền thông và giảm nghèo về thông tin trong Chương trình giảm nghèo bền vững.</li>
</ol>
<figure class="image"><img src="{photo:speaker}" alt="Báo cáo viên Nguyễn Ngọc Hải ngồi tại bàn chủ tọa, phía sau là màn chiếu biểu đồ"><figcaption>Đồng chí Nguyễn Ngọc Hải, Phó Vụ trưởng Vụ Kế hoạch – Tài chính (Bộ TT&amp;TT), trình bày các chuyên đề.</figcaption></figure>
<p>Học viên đã trao đổi sôi nổi và được báo cáo viên giải đáp nhiều vướng mắc trong việc thực hiện
Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2017 và cả giai đoạn 2016–2020 của tỉnh.</p>
<h2>Sáu nội dung trọng tâm của Sở</h2>
<p>Để thực hiện Chương trình mục tiêu quốc gia giảm nghèo năm 2017 của tỉnh, Sở Thông tin và Truyền
thông đang tiếp tục triển khai sáu nội dung:</p>
<p><strong>Một là</strong>, cùng Ban Tuyên giáo Tỉnh ủy chỉ đạo, định hướng các cơ quan báo chí trên địa
bàn đẩy mạnh tuyên truyền về mục tiêu giảm nghèo tới mọi cấp, mọi ngành và người dân, nhất là người
nghèo, để thay đổi nhận thức và khơi dậy ý chí tự vươn lên.</p>
<p><strong>Hai là</strong>, tập huấn, nâng cao nghiệp vụ cho đội ngũ làm công tác tuyên truyền về giảm
nghèo ở các cấp, để chương trình được triển khai rộng khắp và trở thành phong trào thi đua giúp nhau
thoát nghèo.</p>
<p><strong>Ba là</strong>, phối hợp với Đài Phát thanh và Truyền hình tỉnh xây dựng chuyên mục “Giảm
nghèo bền vững” trên sóng phát thanh, truyền hình Hải Dương.</p>
<figure class="image"><img src="{photo:hall}" alt="Toàn cảnh hội trường với nhiều hàng học viên hướng lên sân khấu"><figcaption>Toàn cảnh lớp tập huấn.</figcaption></figure>
<p><strong>Bốn là</strong>, chỉ đạo Phòng Văn hóa và Thông tin, Đài Phát thanh cấp huyện tuyên truyền về
giảm nghèo về thông tin tại địa phương.</p>
<p><strong>Năm là</strong>, chủ trì triển khai <a href="/van-ban/2328-kh-ubnd-2017/">Kế hoạch số 2328/KH-UBND</a> ngày 09/8/2017 của UBND tỉnh về
đầu tư trang thiết bị, nâng cao chất lượng hoạt động của hệ thống Đài Phát thanh cấp huyện và Đài
Truyền thanh cấp xã giai đoạn 2017–2020.</p>
<p><strong>Sáu là</strong>, tiếp tục hỗ trợ phương tiện nghe, xem cho hộ đồng bào dân tộc thiểu số, hộ
nghèo và cận nghèo ở các thôn, xã đặc biệt khó khăn.</p>
<p>Thời gian tới, Sở sẽ phối hợp chặt chẽ hơn với các cơ quan, đơn vị, địa phương và các cơ quan báo
chí Trung ương, địa phương để thực hiện hiệu quả Chương trình mục tiêu quốc gia giảm nghèo của tỉnh
trong năm 2017 và những năm tiếp theo.</p>
""",
}

# Shorter articles so that lists, categories and pagination have something to show.
# (slug, title, category, publish_at, sapo, paragraphs, picture seed or None, byline)
SHORT_ARTICLES = [
    (
        "dai-phat-thanh-cap-huyen-duoc-dau-tu-thiet-bi-moi",
        "Đài Phát thanh cấp huyện được đầu tư thiết bị mới",
        "bao-chi-xuat-ban",
        "2017-11-14 08:30",
        "Theo Kế hoạch 2328/KH-UBND, các Đài Phát thanh cấp huyện bắt đầu nhận thiết bị sản xuất chương trình mới.",
        [
            "Đợt đầu gồm bàn trộn âm thanh, máy ghi âm và bộ phát sóng dự phòng.",
            "Sở Thông tin và Truyền thông sẽ kiểm tra việc sử dụng thiết bị vào cuối năm.",
        ],
        11,
        "Minh Anh",
    ),
    (
        "ho-tro-may-thu-hinh-cho-ho-ngheo",
        "Hỗ trợ máy thu hình cho hộ nghèo ở xã đặc biệt khó khăn",
        "tin-tuc-su-kien",
        "2017-12-05 15:10",
        "Hơn một trăm hộ nghèo, cận nghèo được nhận máy thu hình trong chương trình giảm nghèo về thông tin.",
        [
            "Việc trao tặng diễn ra tại nhà văn hóa các thôn, có đại diện chính quyền xã chứng kiến.",
            "Các hộ được hướng dẫn dò kênh và bảo quản thiết bị.",
        ],
        12,
        "Phạm Hương",
    ),
    (
        "hoi-nghi-tong-ket-cong-tac-thong-tin-co-so-2018",
        "Tổng kết công tác thông tin cơ sở năm 2018",
        "hoat-dong-cua-so",
        "2018-12-20 09:00",
        "Hệ thống đài truyền thanh cấp xã tiếp tục là kênh đưa tin nhanh nhất tới người dân nông thôn.",
        [
            "Hội nghị đánh giá kết quả một năm và bàn nhiệm vụ năm 2019.",
            "Nhiều xã đã chuyển sang đài truyền thanh ứng dụng công nghệ thông tin – viễn thông.",
        ],
        None,
        "Văn Thành",
    ),
    (
        "cap-giay-phep-xuat-ban-ban-tin-2019",
        "Hướng dẫn thủ tục cấp giấy phép xuất bản bản tin",
        "bao-chi-xuat-ban",
        "2019-03-11 14:00",
        "Sở hướng dẫn các cơ quan, tổ chức hồ sơ đề nghị cấp giấy phép xuất bản bản tin theo quy định mới.",
        [
            "Hồ sơ có thể nộp trực tuyến qua Cổng dịch vụ công.",
            "Thời hạn giải quyết là mười ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ.",
        ],
        None,
        "",
    ),
    (
        "mang-4g-phu-song-toan-tinh",
        "Mạng 4G đã phủ sóng tới mọi xã trong tỉnh",
        "buu-chinh-vien-thong",
        "2019-08-22 10:45",
        "Các doanh nghiệp viễn thông hoàn thành phủ sóng 4G tới toàn bộ xã, phường, thị trấn.",
        [
            "Tốc độ truy cập trung bình tăng rõ rệt so với năm trước.",
            "Sở đề nghị các doanh nghiệp dùng chung hạ tầng để giảm chi phí và bảo đảm mỹ quan.",
        ],
        13,
        "Hoàng Nam",
    ),
    (
        "buu-dien-ho-tro-chi-tra-luong-huu",
        "Bưu điện hỗ trợ chi trả lương hưu tại nhà cho người cao tuổi",
        "buu-chinh-vien-thong",
        "2020-04-02 16:20",
        "Trong thời gian giãn cách, bưu điện tỉnh chi trả lương hưu và trợ cấp tại nhà cho người cao tuổi.",
        [
            "Nhân viên bưu điện đeo khẩu trang, sát khuẩn tay trước khi tới từng gia đình.",
            "Người nhận chỉ cần xuất trình giấy tờ tùy thân như khi nhận tại điểm giao dịch.",
        ],
        None,
        "",
    ),
    (
        "ra-mat-trung-tam-dieu-hanh-thong-minh",
        "Ra mắt Trung tâm điều hành thông minh của tỉnh",
        "chuyen-doi-so",
        "2021-10-15 08:00",
        "Trung tâm giúp lãnh đạo tỉnh theo dõi số liệu kinh tế – xã hội và phản ánh của người dân theo thời gian thực.",
        [
            "Giai đoạn đầu kết nối dữ liệu từ hệ thống một cửa điện tử, camera giao thông và đường dây nóng.",
            "Người dân có thể gửi phản ánh qua ứng dụng trên điện thoại.",
        ],
        14,
        "Minh Anh",
    ),
    (
        "tap-huan-ky-nang-so-cho-to-cong-nghe-so-cong-dong",
        "Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng",
        "chuyen-doi-so",
        "2022-06-08 13:30",
        "Thành viên tổ công nghệ số cộng đồng các xã được hướng dẫn cách giúp người dân dùng dịch vụ công trực tuyến.",
        [
            "Học viên thực hành tạo tài khoản định danh điện tử và nộp hồ sơ trực tuyến.",
            "Sau lớp học, mỗi tổ sẽ hỗ trợ người dân tại nhà văn hóa thôn vào cuối tuần.",
        ],
        15,
        "Phạm Hương",
    ),
    (
        "thong-bao-lich-tiep-cong-dan-quy-3-2023",
        "Thông báo lịch tiếp công dân quý III năm 2023",
        "thong-bao",
        "2023-06-28 17:00",
        "Lãnh đạo Sở tiếp công dân định kỳ vào thứ năm tuần thứ hai hằng tháng tại trụ sở cơ quan.",
        [
            "Công dân mang theo giấy tờ tùy thân và tài liệu liên quan đến nội dung đề nghị.",
            "Trường hợp thay đổi lịch, Sở sẽ thông báo trên cổng thông tin này.",
        ],
        None,
        "",
    ),
    (
        "giam-ngheo-ve-thong-tin-giai-doan-moi",
        "Giảm nghèo về thông tin trong giai đoạn mới",
        "tin-tuc-su-kien",
        "2023-09-12 09:15",
        "Dự án giảm nghèo về thông tin tiếp tục được triển khai trong Chương trình mục tiêu quốc gia giai đoạn 2021–2025.",
        [
            "Trọng tâm là nâng cao năng lực cho cán bộ thông tin cơ sở và sản xuất nội dung phù hợp từng vùng.",
            "Sở phối hợp với các huyện rà soát nhu cầu thiết bị của đài truyền thanh cấp xã.",
        ],
        16,
        "Văn Thành",
    ),
    (
        "ket-qua-chi-so-chuyen-doi-so-2024",
        "Công bố kết quả đánh giá mức độ chuyển đổi số năm 2024",
        "chuyen-doi-so",
        "2024-05-20 10:00",
        "Kết quả đánh giá giúp các sở, ngành, địa phương nhận ra điểm mạnh, điểm yếu trong chuyển đổi số.",
        [
            "Bộ chỉ số gồm ba trụ cột: chính quyền số, kinh tế số và xã hội số.",
            "Các đơn vị có điểm thấp được yêu cầu lập kế hoạch khắc phục trong quý tới.",
        ],
        None,
        "Hoàng Nam",
    ),
    (
        "thong-bao-tuyen-dung-vien-chuc-2025",
        "Thông báo tuyển dụng viên chức năm 2025",
        "thong-bao",
        "2025-02-17 08:00",
        "Sở thông báo tuyển viên chức làm việc tại Trung tâm Công nghệ thông tin và Truyền thông.",
        [
            "Thí sinh nộp hồ sơ trực tiếp hoặc qua bưu điện trong thời hạn ba mươi ngày.",
            "Danh sách thí sinh đủ điều kiện sẽ được đăng trên cổng thông tin.",
        ],
        None,
        "",
    ),
    (
        "an-toan-thong-tin-cho-co-quan-nha-nuoc",
        "Diễn tập bảo đảm an toàn thông tin cho cơ quan nhà nước",
        "hoat-dong-cua-so",
        "2025-10-09 14:30",
        "Các đội ứng cứu sự cố của tỉnh diễn tập xử lý một cuộc tấn công giả định vào hệ thống thư điện tử công vụ.",
        [
            "Tình huống được xây dựng từ các vụ tấn công có thật trong năm.",
            "Sau diễn tập, các đơn vị rà soát lại phương án sao lưu dữ liệu.",
        ],
        17,
        "Minh Anh",
    ),
    (
        "huong-dan-nop-ho-so-truc-tuyen-toan-trinh",
        "Hướng dẫn nộp hồ sơ trực tuyến toàn trình",
        "tin-tuc-su-kien",
        "2026-03-03 09:40",
        "Người dân có thể nộp hồ sơ, thanh toán phí và nhận kết quả của nhiều thủ tục mà không phải tới cơ quan.",
        [
            "Bài viết hướng dẫn từng bước trên Cổng dịch vụ công Quốc gia.",
            "Khi gặp khó khăn, người dân có thể gọi đường dây hỗ trợ của bộ phận một cửa.",
        ],
        18,
        "Phạm Hương",
    ),
]

SITE_PROFILE = {
    "name": "Sở Thông tin và Truyền thông tỉnh Hải Dương",
    "short_name": "Sở TT&TT Hải Dương",
    "governing_body": "Ủy ban nhân dân tỉnh Hải Dương",
    "description": (
        "Cổng thông tin điện tử của Sở Thông tin và Truyền thông tỉnh Hải Dương: tin hoạt động, "
        "tập huấn, văn bản và dịch vụ công."
    ),
    "address": "Thành phố Hải Dương, tỉnh Hải Dương",
    "responsible_person": "Giám đốc Sở Thông tin và Truyền thông",
    "republish_notice": "Ghi rõ nguồn “Cổng thông tin điện tử Sở TT&TT Hải Dương” khi phát hành lại thông tin từ cổng này.",
    "copyright": "© Sở Thông tin và Truyền thông tỉnh Hải Dương",
}

# The profile in English (the /en/ pages); filled in where still empty.
SITE_PROFILE_EN = {
    "name_en": "Hai Duong Department of Information and Communications",
    "governing_body_en": "Hai Duong Provincial People's Committee",
    "description_en": (
        "The web portal of the Hai Duong Department of Information and Communications: who we "
        "are, how we are organised and how to reach us."
    ),
    "address_en": "Hai Duong City, Hai Duong Province, Viet Nam",
}

SERVICE_LINKS = [
    # (title, description, url, icon, order)
    (
        "Cổng dịch vụ công Quốc gia",
        "Tra cứu thủ tục hành chính và nộp hồ sơ trực tuyến tại đây.",
        "https://dichvucong.gov.vn/",
        "public-service",
        1,
    ),
    (
        "Chính sách pháp luật Việt Nam",
        "Văn bản, chính sách pháp luật của Việt Nam, cập nhật thường xuyên.",
        "https://vbpl.vn/",
        "law",
        2,
    ),
    (
        "Giới thiệu Sản phẩm dịch vụ",
        "Những sản phẩm, dịch vụ tốt nhất được giới thiệu tới bạn đọc.",
        "/trang/gioi-thieu-san-pham-dich-vu/",
        "products",
        3,
    ),
]

UNIT_PORTALS_GROUP = "Cổng thông tin điện tử của các đơn vị thuộc Bộ"
UNIT_PORTALS = [
    ("Bộ Khoa học và Công nghệ", "https://mst.gov.vn/"),
    ("Cục Viễn thông", "https://vnta.gov.vn/"),
    ("Cục Tần số vô tuyến điện", "https://rfd.gov.vn/"),
    ("Cục An toàn thông tin", "https://ais.gov.vn/"),
    ("Trung tâm Internet Việt Nam (VNNIC)", "https://vnnic.vn/"),
]

PAGES = [
    (
        "gioi-thieu",
        "Giới thiệu Sở",
        1,
        "Chức năng, nhiệm vụ, cơ cấu tổ chức và lãnh đạo Sở.",
        """
<h2>Chức năng</h2>
<p>Sở Thông tin và Truyền thông là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham mưu và giúp Ủy
ban nhân dân tỉnh quản lý nhà nước về báo chí, xuất bản, bưu chính, viễn thông, tần số vô tuyến điện,
công nghệ thông tin, chuyển đổi số, thông tin cơ sở và thông tin đối ngoại.</p>
<h2>Nhiệm vụ chính</h2>
<ul>
<li>Trình Ủy ban nhân dân tỉnh kế hoạch, chương trình phát triển ngành thông tin và truyền thông.</li>
<li>Quản lý hoạt động báo chí, xuất bản, in và phát hành trên địa bàn.</li>
<li>Chủ trì xây dựng chính quyền số, bảo đảm an toàn thông tin cho cơ quan nhà nước.</li>
<li>Hướng dẫn nghiệp vụ cho hệ thống đài truyền thanh cấp xã và cán bộ thông tin cơ sở.</li>
</ul>
<h2>Cơ cấu tổ chức</h2>
<p>Lãnh đạo Sở gồm Giám đốc và các Phó Giám đốc. Các phòng chuyên môn: Văn phòng, Thanh tra, Phòng
Kế hoạch – Tài chính, Phòng Báo chí – Xuất bản, Phòng Bưu chính – Viễn thông, Phòng Công nghệ thông
tin; đơn vị sự nghiệp: Trung tâm Công nghệ thông tin và Truyền thông.</p>
<p>Sở làm việc theo chế độ thủ trưởng; Giám đốc Sở chịu trách nhiệm trước Ủy ban nhân dân tỉnh về toàn bộ
hoạt động của Sở, các Phó Giám đốc giúp Giám đốc phụ trách từng lĩnh vực.</p>
""",
    ),
    (
        "lien-he",
        "Liên hệ",
        2,
        "Cách gửi ý kiến, phản ánh và đề nghị tới Sở.",
        """
<p>Bạn đọc gửi ý kiến, phản ánh hoặc đề nghị cung cấp thông tin tới Sở bằng thư hoặc trực tiếp tại trụ
sở cơ quan, địa chỉ ghi ở chân trang.</p>
<p>Xin ghi rõ họ tên, địa chỉ và số điện thoại để Sở liên hệ lại khi cần. Thủ tục hành chính được
tiếp nhận trực tuyến qua Cổng dịch vụ công Quốc gia.</p>
""",
    ),
    (
        "gioi-thieu-san-pham-dich-vu",
        "Giới thiệu sản phẩm, dịch vụ",
        3,
        "Sản phẩm, dịch vụ thông tin và truyền thông phục vụ người dân, doanh nghiệp.",
        """
<p>Trang này giới thiệu các sản phẩm, dịch vụ do Sở và các đơn vị trực thuộc cung cấp:</p>
<ul>
<li>Hỗ trợ cơ quan, doanh nghiệp xây dựng trang thông tin điện tử và bảo đảm an toàn thông tin.</li>
<li>Đào tạo kỹ năng số cho cán bộ, công chức và người dân.</li>
<li>Cho thuê hạ tầng máy chủ, lưu trữ dữ liệu tại Trung tâm dữ liệu của tỉnh.</li>
</ul>
""",
    ),
]

# English versions of some fixed pages (slug: title, summary, body); the products page stays
# Vietnamese only, so the English site shows how an untranslated page falls back.
PAGES_EN = {
    "gioi-thieu": (
        "About the Department",
        "Functions, tasks, organisation and leadership of the Department.",
        """
<h2>Functions</h2>
<p>The Department of Information and Communications is a specialised agency of the Provincial
People's Committee. It advises the Committee on, and manages on its behalf, the press, publishing,
postal services, telecommunications, radio frequencies, information technology, digital
transformation, grassroots information and external information.</p>
<h2>Main tasks</h2>
<ul>
<li>Proposing to the Provincial People's Committee the plans and programmes of the sector.</li>
<li>Managing press, publishing, printing and distribution activities in the province.</li>
<li>Leading the building of digital government and the information security of state agencies.</li>
<li>Guiding the commune radio stations and grassroots information officers.</li>
</ul>
<h2>Organisation</h2>
<p>The Department is led by a Director and Deputy Directors. Its divisions and attached unit are
listed, with their people and contacts, on the organisation pages.</p>
""",
    ),
    "lien-he": (
        "Contact",
        "How to send comments, reports and requests to the Department.",
        """
<p>Readers may send comments, reports or requests for information to the Department by post or
in person at its office, whose address is given at the foot of every page.</p>
<p>Please give your name, address and phone number so that the Department can reply. Administrative
procedures are received online through the National Public Service Portal.</p>
""",
    ),
}

PROGRAMMES = [
    # (short_name, name, period, order)
    ("Giảm nghèo bền vững", "Chương trình mục tiêu quốc gia giảm nghèo bền vững", "2016–2020", 1),
    ("Nông thôn mới", "Chương trình mục tiêu quốc gia xây dựng nông thôn mới", "2016–2020", 2),
    (
        "Giảm nghèo 2021–2025",
        "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021–2025",
        "2021–2025",
        3,
    ),
    ("Chuyển đổi số", "Chương trình chuyển đổi số của tỉnh", "2021–2030", 4),
]

TRAINING_EVENT = {
    "slug": "tap-huan-truyen-thong-va-giam-ngheo-ve-thong-tin-2017",
    "title": "Tập huấn truyền thông và giảm nghèo về thông tin năm 2017",
    "start": "2017-09-28 08:00",
    "end": "2017-09-28 16:30",
    "place": "Hội trường Sở Thông tin và Truyền thông, thành phố Hải Dương",
    "programmes": ["Giảm nghèo bền vững", "Nông thôn mới"],
    "participants": 630,
    "description": (
        "<p>Lớp tập huấn thuộc Chương trình mục tiêu quốc gia giảm nghèo năm 2017, giúp cán bộ "
        "làm công tác thông tin, truyền thông các cấp nắm cách triển khai và quản lý tài chính các "
        "nội dung thông tin và truyền thông của hai chương trình mục tiêu quốc gia.</p>"
    ),
    "speakers": [
        ("Nguyễn Cao Thắng", "Phó Giám đốc phụ trách", "Sở TT&TT Hải Dương", "opened"),
        (
            "Nguyễn Ngọc Hải",
            "Phó Vụ trưởng Vụ Kế hoạch – Tài chính",
            "Bộ Thông tin và Truyền thông",
            "presented",
        ),
    ],
    "topics": [
        "Tiêu chí thông tin và truyền thông trong bộ tiêu chí quốc gia về xã nông thôn mới 2016–2020",
        "Thực hiện nội dung thông tin và truyền thông của Chương trình xây dựng nông thôn mới 2016–2020",
        "Thực hiện dự án Truyền thông và giảm nghèo về thông tin của Chương trình giảm nghèo bền vững 2016–2020",
        "Quản lý tài chính nội dung thông tin và truyền thông trong Chương trình xây dựng nông thôn mới",
        "Quản lý tài chính dự án Truyền thông và giảm nghèo về thông tin",
    ],
    # The seed names the groups but not their sizes: counts are left empty.
    "groups": [
        "Lãnh đạo một số sở, ban, ngành của tỉnh",
        "Lãnh đạo, phóng viên các cơ quan thông tin, báo chí trên địa bàn",
        "Lãnh đạo, cán bộ Đài Phát thanh cấp huyện",
        "Lãnh đạo, cán bộ Đài Truyền thanh cấp xã",
        "Lãnh đạo, cán bộ Phòng Văn hóa và Thông tin cấp huyện",
        "Công chức văn hóa – thông tin, thể dục thể thao cấp xã",
    ],
}

# More events for lists and statistics: (slug, title, start, days, place, programmes, status,
# participants, groups as (name, count), topic)
OTHER_EVENTS = [
    (
        "boi-duong-thong-tin-co-so-2016",
        "Bồi dưỡng nghiệp vụ thông tin cơ sở năm 2016",
        "2016-06-14 08:00",
        2,
        "Trung tâm Hội nghị tỉnh",
        ["Giảm nghèo bền vững"],
        "held",
        240,
        [("Cán bộ đài truyền thanh cấp xã", 180), ("Cán bộ văn hóa – thông tin cấp huyện", 60)],
        "Kỹ năng viết tin, bài cho đài truyền thanh cấp xã",
    ),
    (
        "tap-huan-tieu-chi-nong-thon-moi-2016",
        "Tập huấn tiêu chí thông tin và truyền thông trong nông thôn mới",
        "2016-10-05 08:00",
        1,
        "Hội trường UBND huyện Gia Lộc",
        ["Nông thôn mới"],
        "held",
        150,
        [("Công chức văn hóa – xã hội cấp xã", 150)],
        "Hướng dẫn đánh giá tiêu chí bưu điện và Internet",
    ),
    (
        "tap-huan-dai-truyen-thanh-2018",
        "Tập huấn vận hành đài truyền thanh ứng dụng công nghệ thông tin",
        "2018-05-22 08:00",
        2,
        "Trung tâm Hội nghị tỉnh",
        ["Giảm nghèo bền vững", "Nông thôn mới"],
        "held",
        310,
        [("Cán bộ đài truyền thanh cấp xã", 260), ("Kỹ thuật viên đài huyện", 50)],
        "Vận hành cụm loa thông minh",
    ),
    (
        "tap-huan-an-toan-thong-tin-2019",
        "Tập huấn an toàn thông tin cho cán bộ chuyên trách",
        "2019-09-10 08:00",
        2,
        "Trường Chính trị tỉnh",
        [],
        "held",
        120,
        [("Cán bộ chuyên trách công nghệ thông tin", 120)],
        "Phòng chống mã độc tống tiền",
    ),
    (
        "tap-huan-truyen-thong-giam-ngheo-2020",
        "Tập huấn truyền thông về giảm nghèo năm 2020",
        "2020-11-18 08:00",
        1,
        "Hội trường Sở Thông tin và Truyền thông",
        ["Giảm nghèo bền vững"],
        "held",
        200,
        [("Phóng viên, biên tập viên", 80), ("Cán bộ thông tin cơ sở", 120)],
        "Sản xuất tin, phóng sự về giảm nghèo",
    ),
    (
        "tap-huan-ky-nang-so-2022",
        "Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng",
        "2022-06-08 13:30",
        1,
        "Hội trường UBND thành phố",
        ["Chuyển đổi số"],
        "held",
        450,
        [("Thành viên tổ công nghệ số cộng đồng", 450)],
        "Hướng dẫn người dân dùng dịch vụ công trực tuyến",
    ),
    (
        "tap-huan-giam-ngheo-ve-thong-tin-2023",
        "Tập huấn giảm nghèo về thông tin giai đoạn 2021–2025",
        "2023-09-20 08:00",
        2,
        "Trung tâm Hội nghị tỉnh",
        ["Giảm nghèo 2021–2025"],
        "held",
        380,
        [("Cán bộ thông tin cơ sở", 300), ("Phóng viên địa phương", 80)],
        "Xây dựng nội dung thông tin thiết yếu",
    ),
    (
        "tap-huan-chuyen-doi-so-2024",
        "Tập huấn chuyển đổi số cho cán bộ cấp xã",
        "2024-04-16 08:00",
        2,
        "Trường Chính trị tỉnh",
        ["Chuyển đổi số"],
        "held",
        520,
        [("Cán bộ, công chức cấp xã", 520)],
        "Chính quyền số và dữ liệu mở",
    ),
    (
        "tap-huan-bao-chi-2025-huy",
        "Tập huấn nghiệp vụ báo chí năm 2025",
        "2025-03-12 08:00",
        1,
        "Hội trường Sở",
        [],
        "cancelled",
        0,
        [],
        "Đạo đức nghề báo trên mạng xã hội",
    ),
    (
        "tap-huan-an-toan-thong-tin-2025",
        "Diễn tập và tập huấn an toàn thông tin năm 2025",
        "2025-10-09 08:00",
        2,
        "Trung tâm Giám sát an toàn thông tin tỉnh",
        ["Chuyển đổi số"],
        "held",
        90,
        [("Đội ứng cứu sự cố", 40), ("Cán bộ chuyên trách", 50)],
        "Xử lý tấn công vào thư điện tử công vụ",
    ),
    (
        "tap-huan-thong-tin-co-so-2026-12",
        "Tập huấn thông tin cơ sở cuối năm 2026",
        "2026-12-08 08:00",
        2,
        "Trung tâm Hội nghị tỉnh",
        ["Giảm nghèo 2021–2025"],
        "planned",
        300,
        [("Cán bộ thông tin cơ sở", 300)],
        "Tổng kết giai đoạn 2021–2025",
    ),
    (
        "tap-huan-ai-cho-can-bo-2026",
        "Tập huấn ứng dụng trí tuệ nhân tạo trong cơ quan nhà nước",
        "2026-12-22 08:00",
        1,
        "Trường Chính trị tỉnh",
        ["Chuyển đổi số"],
        "planned",
        200,
        [("Lãnh đạo phòng chuyên môn", 200)],
        "Dùng trợ lý ảo an toàn trong công việc",
    ),
]
