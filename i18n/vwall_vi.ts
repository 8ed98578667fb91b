<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>LoginController</name>
    <message>
        <source>Enter the one-time code (OTP).</source>
        <translation>Nhập mã xác thực một lần (OTP).</translation>
    </message>
    <message>
        <source>The one-time code has 6 digits.</source>
        <translation>Mã xác thực một lần (OTP) gồm 6 chữ số.</translation>
    </message>
    <message>
        <source>Password changed. Log in again with the new password and the next one-time code.</source>
        <translation>Đã đổi mật khẩu. Hãy đăng nhập lại bằng mật khẩu mới và mã xác thực một lần (OTP) tiếp theo.</translation>
    </message>
    <message>
        <source>The hub address is not valid.</source>
        <translation>Địa chỉ máy chủ điều hành (hub) không hợp lệ.</translation>
    </message>
    <message>
        <source>The one-time code is wrong. Check that the device&apos;s clock is right and enter the code on show now.</source>
        <translation>Mã xác thực một lần (OTP) không đúng. Hãy kiểm tra đồng hồ của thiết bị và nhập mã đang hiển thị.</translation>
    </message>
    <message>
        <source>Check the values entered: some are too long or not allowed.</source>
        <translation>Kiểm tra lại thông tin đã nhập: có giá trị quá dài hoặc không được phép.</translation>
    </message>
    <message>
        <source>Wrong user name, password or one-time code. After repeated failures the account is locked: then ask your administrator to unlock it.</source>
        <translation>Tên đăng nhập, mật khẩu hoặc mã xác thực một lần (OTP) không đúng. Nếu nhập sai nhiều lần, tài khoản sẽ bị khóa: khi đó hãy đề nghị quản trị viên mở khóa.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Try again in %1 seconds.</source>
        <translation>Đã nhập sai quá nhiều lần. Hãy thử lại sau %1 giây.</translation>
    </message>
    <message>
        <source>Cannot reach the hub at %1. Check the address and the network.</source>
        <translation>Không kết nối được tới máy chủ điều hành (hub) tại %1. Hãy kiểm tra địa chỉ và đường truyền mạng.</translation>
    </message>
    <message>
        <source>The login session has expired. Log in again.</source>
        <translation>Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.</translation>
    </message>
    <message>
        <source>You must change your password before continuing.</source>
        <translation>Bạn phải đổi mật khẩu trước khi tiếp tục.</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>Mật khẩu hiện tại không đúng.</translation>
    </message>
    <message>
        <source>The new password needs at least 12 characters.</source>
        <translation>Mật khẩu mới phải có ít nhất 12 ký tự.</translation>
    </message>
    <message>
        <source>The new password is too long.</source>
        <translation>Mật khẩu mới quá dài.</translation>
    </message>
    <message>
        <source>The new password is too common; choose another.</source>
        <translation>Mật khẩu mới quá phổ biến; hãy chọn mật khẩu khác.</translation>
    </message>
    <message>
        <source>The new password must not contain your user name.</source>
        <translation>Mật khẩu mới không được chứa tên đăng nhập.</translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation>Mật khẩu mới phải khác mật khẩu hiện tại.</translation>
    </message>
    <message>
        <source>The hub refused the request (%1).</source>
        <translation>Máy chủ điều hành (hub) từ chối yêu cầu (%1).</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>vwall — Log in</source>
        <translation>vwall — Đăng nhập</translation>
    </message>
    <message>
        <source>Log in to the control-room hub</source>
        <translation>Đăng nhập máy chủ điều hành (hub)</translation>
    </message>
    <message>
        <source>6 digits, or a recovery code</source>
        <translation>6 chữ số, hoặc một mã khôi phục</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>Địa chỉ máy chủ (hub)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>One-time code (OTP)</source>
        <translation>Mã xác thực một lần (OTP)</translation>
    </message>
    <message>
        <source>First login: set up multi-factor authentication (MFA). Scan the QR code with an authenticator app, or type the secret key by hand, then enter the first code it shows.</source>
        <translation>Đăng nhập lần đầu: thiết lập xác thực đa yếu tố (MFA). Quét mã QR bằng ứng dụng xác thực, hoặc nhập khóa bí mật bằng tay, rồi nhập mã đầu tiên mà ứng dụng hiển thị.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>Khóa bí mật</translation>
    </message>
    <message>
        <source>These ten recovery codes are shown only once. Store them in a safe place: each one replaces a one-time code once if the authenticator is lost.</source>
        <translation>Mười mã khôi phục này chỉ hiển thị một lần. Hãy cất giữ ở nơi an toàn: khi mất ứng dụng xác thực, mỗi mã thay thế mã xác thực một lần (OTP) được một lần.</translation>
    </message>
    <message>
        <source>I have stored the codes</source>
        <translation>Tôi đã lưu các mã</translation>
    </message>
    <message>
        <source>Your password must be changed before you continue. The new password needs at least 12 characters and must not contain your user name.</source>
        <translation>Bạn phải đổi mật khẩu trước khi tiếp tục. Mật khẩu mới phải có ít nhất 12 ký tự và không được chứa tên đăng nhập.</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Đổi mật khẩu</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Mật khẩu hiện tại</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Mật khẩu mới</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>Nhập lại mật khẩu mới</translation>
    </message>
    <message>
        <source>Enter the hub address, your user name and password.</source>
        <translation>Nhập địa chỉ máy chủ (hub), tên đăng nhập và mật khẩu.</translation>
    </message>
    <message>
        <source>The two new passwords do not match.</source>
        <translation>Hai lần nhập mật khẩu mới không khớp.</translation>
    </message>
    <message>
        <source>Contacting the hub…</source>
        <translation>Đang liên lạc với máy chủ điều hành (hub)…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>vwall — Video wall</source>
        <translation>vwall — Màn hình ghép</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Phiên làm việc</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Đã kết nối</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>Mất kết nối</translation>
    </message>
    <message>
        <source>Hub %1: %2</source>
        <translation>Máy chủ (hub) %1: %2</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>Người dùng: %1</translation>
    </message>
</context>
<context>
    <name>VideoTile</name>
    <message>
        <source>Connecting</source>
        <translation>Đang kết nối</translation>
    </message>
    <message>
        <source>No signal — reconnecting</source>
        <translation>Không có tín hiệu — Đang kết nối lại</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Mất kết nối</translation>
    </message>
    <message>
        <source>No permission</source>
        <translation>Không có quyền</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Đã dừng</translation>
    </message>
    <message>
        <source>Drop a camera here</source>
        <translation>Kéo camera vào đây</translation>
    </message>
    <message>
        <source>Playing</source>
        <translation>Đang phát</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Trực tiếp</translation>
    </message>
</context>
<context>
    <name>WallView</name>
    <message>
        <source>Video wall</source>
        <translation>Tường video</translation>
    </message>
</context>
</TS>
