"""The demo's Hỏi đáp: the fields citizens ask about and a few answered questions, written for
the demo from the seed's facts (support for poor households to receive radio and television,
the commune loudspeaker systems, the training courses). The askers are invented and shown as
initials or anonymous, as a real asker would choose."""

TOPICS = [
    # (name, order)
    ("Giảm nghèo về thông tin", 1),
    ("Phát thanh, truyền hình cơ sở", 2),
    ("Bưu chính, viễn thông", 3),
    ("Chuyển đổi số", 4),
]

QUESTIONS = [
    # (topic, asker, shown as, title, question, unit, answer HTML)
    (
        "Giảm nghèo về thông tin",
        "Nguyễn Thị Hoa",
        "initials",
        "Hộ nghèo được hỗ trợ phương tiện nghe xem như thế nào?",
        "Gia đình tôi là hộ nghèo ở xã miền núi. Xin hỏi gia đình có được hỗ trợ ti vi hoặc "
        "đài để xem thời sự không, và phải làm thủ tục gì?",
        "Phòng Thông tin cơ sở",
        "<p>Theo Kế hoạch số 2328/KH-UBND ngày 09/8/2017 của UBND tỉnh, hộ nghèo ở các xã "
        "thuộc diện hỗ trợ được cấp phương tiện nghe xem. Gia đình đăng ký với UBND xã; xã "
        "lập danh sách gửi Phòng Văn hóa và Thông tin huyện để tổng hợp.</p>"
        "<p>Xem thủ tục “Đăng ký hỗ trợ phương tiện nghe xem cho hộ nghèo” trong mục Thủ tục "
        "hành chính để biết hồ sơ cần nộp.</p>",
    ),
    (
        "Phát thanh, truyền hình cơ sở",
        "Trần Văn Bình",
        "anonymous",
        "Loa truyền thanh của thôn bị hỏng thì báo cho ai?",
        "Cụm loa truyền thanh ở thôn tôi không phát được đã hơn một tháng. Tôi cần báo cho cơ "
        "quan nào để sửa?",
        "Phòng Thông tin cơ sở",
        "<p>Đài truyền thanh cấp xã do UBND xã quản lý. Bà con báo cho UBND xã hoặc cán bộ "
        "phụ trách đài truyền thanh xã; nếu xã chưa khắc phục được, xã báo Phòng Văn hóa và "
        "Thông tin huyện để được hướng dẫn sửa chữa, thay thế thiết bị.</p>",
    ),
    (
        "Chuyển đổi số",
        "Lê Minh Châu",
        "full",
        "Cán bộ xã có được tập huấn về thông tin cơ sở không?",
        "Tôi là cán bộ văn hóa xã, mới nhận nhiệm vụ phụ trách đài truyền thanh. Sở có mở lớp "
        "tập huấn nào cho cán bộ cấp xã không?",
        "Văn phòng Sở",
        "<p>Có. Sở tổ chức các lớp tập huấn về truyền thông và giảm nghèo về thông tin cho cán "
        "bộ cấp huyện, cấp xã; lịch các lớp đăng trong mục Tập huấn của cổng.</p>",
    ),
]
