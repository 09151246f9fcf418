import datetime

from django.db import migrations

BODY = """Hệ thống Sáng kiến do tổ chức Công đoàn vận hành để thực hiện Chương trình “01 triệu sáng kiến”. Theo Nghị định 13/2023/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, chúng tôi thông báo:

1. Dữ liệu được xử lý: họ và tên, thư điện tử, số điện thoại, năm sinh, chức vụ, đơn vị công tác, vai trò trong tổ chức công đoàn, các sáng kiến bạn nhập hoặc đứng tên tác giả, và nhật ký thao tác trên hệ thống.
2. Mục đích: ghi nhận, xác nhận, phê duyệt, tổng hợp và khen thưởng sáng kiến; liên lạc về sáng kiến; thống kê tiến độ Chương trình.
3. Ai được xem: cán bộ công đoàn của đơn vị bạn và các cấp trên trực tiếp, theo đúng phạm vi được phân công. Số điện thoại và năm sinh không bao giờ được công bố. Tên tác giả chỉ được hiện công khai khi bạn cho phép.
4. Thời gian lưu: trong thời gian Chương trình và thời hạn lưu trữ hồ sơ thi đua, khen thưởng theo quy định.
5. Quyền của bạn: xem, tải về, yêu cầu sửa, yêu cầu xóa dữ liệu và rút lại sự đồng ý bất cứ lúc nào tại trang “Dữ liệu của tôi”. Rút lại sự đồng ý không ảnh hưởng tới việc xử lý đã thực hiện trước đó.
6. Liên hệ: Ban Thường vụ công đoàn đơn vị quản lý tài khoản của bạn."""


def create_notice(apps, schema_editor):
    PrivacyNotice = apps.get_model("accounts", "PrivacyNotice")
    PrivacyNotice.objects.get_or_create(
        version="2026.1",
        defaults={
            "title": "Thông báo về xử lý dữ liệu cá nhân",
            "body": BODY,
            "published_at": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_notice, migrations.RunPython.noop)]
