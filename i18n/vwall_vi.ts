<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>CameraTree</name>
    <message>
        <source>Search code or name</source>
        <translation>Tìm theo mã hoặc tên</translation>
    </message>
    <message>
        <source>By territory</source>
        <translation>Theo địa bàn</translation>
    </message>
    <message>
        <source>By operating unit</source>
        <translation>Theo đơn vị vận hành</translation>
    </message>
    <message>
        <source>By domain</source>
        <translation>Theo lĩnh vực</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Suy giảm</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Mất kết nối</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Chưa rõ</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>Giao thông</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Y tế</translation>
    </message>
    <message>
        <source>Education</source>
        <translation>Giáo dục</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Môi trường</translation>
    </message>
    <message>
        <source>Industrial zones</source>
        <translation>Khu công nghiệp</translation>
    </message>
    <message>
        <source>Urban management</source>
        <translation>Quản lý đô thị</translation>
    </message>
    <message>
        <source>Security and order</source>
        <translation>An ninh trật tự</translation>
    </message>
    <message>
        <source>Tourism</source>
        <translation>Du lịch</translation>
    </message>
    <message>
        <source>No domain</source>
        <translation>Chưa có lĩnh vực</translation>
    </message>
    <message>
        <source>Last seen: %1</source>
        <translation>Thấy lần cuối: %1</translation>
    </message>
    <message>
        <source>Never seen</source>
        <translation>Chưa từng thấy</translation>
    </message>
    <message>
        <source>Clock offset: %1 s</source>
        <translation>Lệch đồng hồ: %1 giây</translation>
    </message>
    <message>
        <source>the camera&apos;s clock is wrong</source>
        <translation>đồng hồ của camera bị sai</translation>
    </message>
    <message>
        <source>No territory</source>
        <translation>Chưa có địa bàn</translation>
    </message>
    <message>
        <source>No unit</source>
        <translation>Chưa có đơn vị</translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation>Yêu thích</translation>
    </message>
    <message>
        <source>Remove from favourites</source>
        <translation>Bỏ khỏi yêu thích</translation>
    </message>
    <message>
        <source>Add to favourites</source>
        <translation>Thêm vào yêu thích</translation>
    </message>
    <message>
        <source>Open on the selected tile</source>
        <translation>Mở trên ô đang chọn</translation>
    </message>
</context>
<context>
    <name>ConsoleApp</name>
    <message>
        <source>Starting the local hub…</source>
        <translation>Đang khởi động máy chủ điều hành cục bộ…</translation>
    </message>
    <message>
        <source>The local hub did not start: %1</source>
        <translation>Máy chủ điều hành cục bộ không khởi động được: %1</translation>
    </message>
</context>
<context>
    <name>CustomLayoutDialog</name>
    <message>
        <source>Custom layout</source>
        <translation>Bố cục tự tạo</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Không có</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Số hàng</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Số cột</translation>
    </message>
    <message>
        <source>Large tile (cells per side)</source>
        <translation>Ô lớn (số ô mỗi cạnh)</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>DisplayController</name>
    <message>
        <source>Display revoked — contact the administrator</source>
        <translation>Màn hình đã bị thu hồi — liên hệ quản trị viên</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>vwall display</source>
        <translation>Màn hình tường video vwall</translation>
    </message>
    <message>
        <source>Waiting for a wall…</source>
        <translation>Đang chờ bố cục tường…</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>Your one-time code was reset. Log out and log in again.</source>
        <translation>Mã xác thực một lần của bạn đã được đặt lại. Hãy đăng xuất và đăng nhập lại.</translation>
    </message>
    <message>
        <source>Check the values entered.</source>
        <translation>Hãy kiểm tra các giá trị đã nhập.</translation>
    </message>
    <message>
        <source>Wrong password or one-time code.</source>
        <translation>Mật khẩu hoặc mã xác thực một lần không đúng.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Try again in %1 seconds.</source>
        <translation>Sai quá nhiều lần. Hãy thử lại sau %1 giây.</translation>
    </message>
    <message>
        <source>Cannot reach the hub. Check the network.</source>
        <translation>Không kết nối được máy chủ (hub). Hãy kiểm tra mạng.</translation>
    </message>
    <message>
        <source>The hub refused the request (%1).</source>
        <translation>Máy chủ (hub) từ chối yêu cầu (%1).</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <source>Console locked</source>
        <translation>Bàn điều khiển đã khóa</translation>
    </message>
    <message>
        <source>The console is locked</source>
        <translation>Bàn điều khiển đã bị khóa</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Mở khóa</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Đăng xuất</translation>
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
        <source>User: %1</source>
        <translation>Người dùng: %1</translation>
    </message>
    <message>
        <source>Enter your password and the one-time code.</source>
        <translation>Nhập mật khẩu và mã xác thực một lần.</translation>
    </message>
</context>
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
        <source>The hub cannot read its stored one-time code keys. Ask the administrator to restore the hub&apos;s key file.</source>
        <translation>Máy chủ điều hành (hub) không đọc được khóa mã xác thực một lần (OTP) đã lưu. Hãy đề nghị quản trị viên khôi phục tệp khóa của hub.</translation>
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
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Wall</source>
        <translation>Tường video</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Toàn màn hình</translation>
    </message>
    <message>
        <source>Move to screen</source>
        <translation>Chuyển sang màn hình</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Màn hình</translation>
    </message>
    <message>
        <source>Watermark</source>
        <translation>Dấu chìm</translation>
    </message>
    <message>
        <source>Show your user name and the time over the video</source>
        <translation>Hiện tên người dùng và thời gian đè lên hình</translation>
    </message>
    <message>
        <source>Clear tile</source>
        <translation>Xóa ô</translation>
    </message>
    <message>
        <source>Clear wall</source>
        <translation>Xóa tường</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>Khóa ngay</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Layout: %1</source>
        <translation>Bố cục: %1</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Bố cục</translation>
    </message>
    <message>
        <source>Custom layout…</source>
        <translation>Bố cục tự tạo…</translation>
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
    <name>OperatorPanels</name>
    <message>
        <source>Archive</source>
        <translation>Xem lại</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Ảnh chụp</translation>
    </message>
    <message>
        <source>Keep the selected tile&apos;s picture on the hub as evidence</source>
        <translation>Lưu hình ảnh của ô đang chọn lên máy chủ điều hành làm chứng cứ</translation>
    </message>
    <message>
        <source>Playback</source>
        <translation>Xem lại ô này</translation>
    </message>
    <message>
        <source>Switch the selected tile between live video and its recordings</source>
        <translation>Chuyển ô đang chọn giữa hình ảnh trực tiếp và bản ghi</translation>
    </message>
    <message>
        <source>Select a tile with a camera to play its recordings.</source>
        <translation>Hãy chọn một ô có camera để xem lại bản ghi.</translation>
    </message>
    <message>
        <source>That time is older than your archive limit.</source>
        <translation>Thời điểm này cũ hơn giới hạn xem lại của bạn.</translation>
    </message>
    <message>
        <source>You may not view this camera&apos;s recordings.</source>
        <translation>Bạn không có quyền xem lại bản ghi của camera này.</translation>
    </message>
    <message>
        <source>The hub refused the recording (%1).</source>
        <translation>Máy chủ điều hành từ chối bản ghi (%1).</translation>
    </message>
    <message>
        <source>The recordings could not be loaded (%1).</source>
        <translation>Không tải được danh sách bản ghi (%1).</translation>
    </message>
    <message>
        <source>Select a tile with a camera.</source>
        <translation>Hãy chọn một ô có camera.</translation>
    </message>
    <message>
        <source>Taking a snapshot…</source>
        <translation>Đang chụp ảnh…</translation>
    </message>
    <message>
        <source>You may not take a snapshot of this camera.</source>
        <translation>Bạn không có quyền chụp ảnh camera này.</translation>
    </message>
    <message>
        <source>The snapshot failed (%1).</source>
        <translation>Chụp ảnh không thành công (%1).</translation>
    </message>
    <message>
        <source>Snapshot kept as evidence: SHA-256 %1…</source>
        <translation>Đã lưu ảnh chụp làm chứng cứ: SHA-256 %1…</translation>
    </message>
</context>
<context>
    <name>PtzController</name>
    <message>
        <source>The camera was stopped by the hub.</source>
        <translation>Máy chủ điều hành (hub) đã dừng camera.</translation>
    </message>
    <message>
        <source>Free: nobody controls this camera</source>
        <translation>Đang trống: chưa ai điều khiển camera này</translation>
    </message>
    <message>
        <source>You have reserved this camera until %1</source>
        <translation>Bạn giữ quyền điều khiển camera này đến %1</translation>
    </message>
    <message>
        <source>You control this camera</source>
        <translation>Bạn đang điều khiển camera này</translation>
    </message>
    <message>
        <source>Reserved by %1 until %2: %3</source>
        <translation>%1 giữ quyền điều khiển đến %2: %3</translation>
    </message>
    <message>
        <source>Controlled by %1</source>
        <translation>Đang do %1 điều khiển</translation>
    </message>
    <message>
        <source>%1 is controlling this camera.</source>
        <translation>%1 đang điều khiển camera này.</translation>
    </message>
    <message>
        <source>%1 has reserved this camera: %2</source>
        <translation>%1 đã giữ quyền điều khiển camera này: %2</translation>
    </message>
    <message>
        <source>This camera cannot pan, tilt or zoom.</source>
        <translation>Camera này không quay, nghiêng hay thu phóng được.</translation>
    </message>
    <message>
        <source>Too many PTZ commands; wait a moment.</source>
        <translation>Quá nhiều lệnh điều khiển quay quét; hãy chờ một chút.</translation>
    </message>
    <message>
        <source>The camera did not carry out the command. Try again or report it.</source>
        <translation>Camera không thực hiện lệnh. Hãy thử lại hoặc báo sự cố.</translation>
    </message>
    <message>
        <source>A preset with this name already exists.</source>
        <translation>Đã có điểm đặt trước trùng tên này.</translation>
    </message>
    <message>
        <source>This preset no longer exists.</source>
        <translation>Điểm đặt trước này không còn tồn tại.</translation>
    </message>
    <message>
        <source>The camera has no room for another preset.</source>
        <translation>Camera không còn chỗ cho điểm đặt trước mới.</translation>
    </message>
    <message>
        <source>You do not have the right to do this.</source>
        <translation>Bạn không có quyền thực hiện thao tác này.</translation>
    </message>
    <message>
        <source>This camera is outside your scope.</source>
        <translation>Camera này nằm ngoài phạm vi của bạn.</translation>
    </message>
    <message>
        <source>This camera no longer exists.</source>
        <translation>Camera này không còn tồn tại.</translation>
    </message>
    <message>
        <source>The hub cannot be reached.</source>
        <translation>Không kết nối được máy chủ điều hành (hub).</translation>
    </message>
    <message>
        <source>The PTZ command failed (%1).</source>
        <translation>Lệnh điều khiển quay quét (PTZ) không thực hiện được (%1).</translation>
    </message>
    <message>
        <source>PTZ</source>
        <translation>Điều khiển PTZ</translation>
    </message>
</context>
<context>
    <name>PtzPad</name>
    <message>
        <source>Home</source>
        <translation>Vị trí gốc</translation>
    </message>
    <message>
        <source>Zoom +</source>
        <translation>Phóng to</translation>
    </message>
    <message>
        <source>Zoom −</source>
        <translation>Thu nhỏ</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Tốc độ</translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation>Tên điểm đặt trước</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Đi tới</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Đổi tên</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Điểm đặt trước (preset)</translation>
    </message>
    <message>
        <source>No PTZ camera selected</source>
        <translation>Chưa chọn camera PTZ</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>−10 s</source>
        <translation>−10 giây</translation>
    </message>
    <message>
        <source>Jump back 10 seconds</source>
        <translation>Lùi lại 10 giây</translation>
    </message>
    <message>
        <source>+10 s</source>
        <translation>+10 giây</translation>
    </message>
    <message>
        <source>Jump forward 10 seconds</source>
        <translation>Tiến tới 10 giây</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>Tốc độ phát lại</translation>
    </message>
    <message>
        <source>Date and time to go to</source>
        <translation>Ngày giờ cần xem</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Đến</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Trực tiếp</translation>
    </message>
    <message>
        <source>Back to live video</source>
        <translation>Quay lại hình ảnh trực tiếp</translation>
    </message>
    <message>
        <source>Archive: no limit</source>
        <translation>Lưu trữ: không giới hạn</translation>
    </message>
    <message numerus="yes">
        <source>Archive: last %n day(s)</source>
        <translation>
            <numerusform>Lưu trữ: %n ngày gần nhất</numerusform>
        </translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Pause playback</source>
        <translation>Tạm dừng phát lại</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Phát</translation>
    </message>
    <message>
        <source>Resume playback</source>
        <translation>Tiếp tục phát lại</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Archive timeline</source>
        <translation>Dòng thời gian lưu trữ</translation>
    </message>
</context>
<context>
    <name>VideoTile</name>
    <message>
        <source>Camera clock %1 s ahead</source>
        <translation>Đồng hồ camera nhanh %1 giây</translation>
    </message>
    <message>
        <source>Camera clock %1 s behind</source>
        <translation>Đồng hồ camera chậm %1 giây</translation>
    </message>
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
    <message>
        <source>Archive</source>
        <translation>Xem lại</translation>
    </message>
</context>
<context>
    <name>WallController</name>
    <message>
        <source>The camera list could not be loaded (%1).</source>
        <translation>Không tải được danh sách camera (%1).</translation>
    </message>
</context>
<context>
    <name>WallView</name>
    <message>
        <source>Video wall</source>
        <translation>Tường video</translation>
    </message>
</context>
<context>
    <name>WallsController</name>
    <message>
        <source>Walls</source>
        <translation>Tường video</translation>
    </message>
    <message>
        <source>Saved walls…</source>
        <translation>Tường đã lưu…</translation>
    </message>
    <message>
        <source>This wall no longer exists.</source>
        <translation>Tường này không còn tồn tại.</translation>
    </message>
    <message>
        <source>This wall cannot be shown: its layout is damaged.</source>
        <translation>Không thể hiển thị tường này: bố cục bị hỏng.</translation>
    </message>
    <message>
        <source>Wall of %1</source>
        <translation>Tường %1</translation>
    </message>
    <message>
        <source>You already have a wall with this name.</source>
        <translation>Bạn đã có một tường trùng tên này.</translation>
    </message>
    <message>
        <source>Only the owner can change this wall.</source>
        <translation>Chỉ người tạo mới được sửa tường này.</translation>
    </message>
    <message>
        <source>You can share only with your own unit.</source>
        <translation>Bạn chỉ được chia sẻ với đơn vị của mình.</translation>
    </message>
    <message>
        <source>A camera of this wall is no longer in the list.</source>
        <translation>Một camera của tường này không còn trong danh sách.</translation>
    </message>
    <message>
        <source>This display no longer exists.</source>
        <translation>Màn hình này không còn tồn tại.</translation>
    </message>
    <message>
        <source>This display has been revoked.</source>
        <translation>Màn hình này đã bị thu hồi.</translation>
    </message>
    <message>
        <source>This display is outside your scope.</source>
        <translation>Màn hình này nằm ngoài phạm vi của bạn.</translation>
    </message>
    <message>
        <source>You do not have the right to do this.</source>
        <translation>Bạn không có quyền thực hiện thao tác này.</translation>
    </message>
    <message>
        <source>Cannot reach the hub. Check the network.</source>
        <translation>Không kết nối được máy chủ (hub). Hãy kiểm tra mạng.</translation>
    </message>
    <message>
        <source>Check the name: it is empty, too long or not allowed.</source>
        <translation>Kiểm tra lại tên: tên trống, quá dài hoặc không hợp lệ.</translation>
    </message>
    <message>
        <source>The hub refused the request (%1).</source>
        <translation>Máy chủ (hub) từ chối yêu cầu (%1).</translation>
    </message>
</context>
<context>
    <name>WallsDialog</name>
    <message>
        <source>Saved walls</source>
        <translation>Tường đã lưu</translation>
    </message>
    <message>
        <source>Name of the current wall</source>
        <translation>Tên của tường hiện tại</translation>
    </message>
    <message>
        <source>Share with my unit</source>
        <translation>Chia sẻ với đơn vị của tôi</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Stop sharing</source>
        <translation>Ngừng chia sẻ</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Display:</source>
        <translation>Màn hình:</translation>
    </message>
    <message>
        <source>Show selected wall</source>
        <translation>Hiển thị tường đã chọn</translation>
    </message>
    <message>
        <source>Show current wall</source>
        <translation>Hiển thị tường hiện tại</translation>
    </message>
    <message>
        <source>(shared)</source>
        <translation>(được chia sẻ)</translation>
    </message>
    <message>
        <source>Give the wall a name.</source>
        <translation>Hãy đặt tên cho tường.</translation>
    </message>
    <message>
        <source>Select a wall first.</source>
        <translation>Hãy chọn một tường trước.</translation>
    </message>
    <message>
        <source>No display to show it on.</source>
        <translation>Không có màn hình nào để hiển thị.</translation>
    </message>
</context>
</TS>
