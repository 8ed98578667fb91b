<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AccessReasonDialog</name>
    <message>
        <source>Reason for access</source>
        <translation>Lý do truy cập</translation>
    </message>
    <message>
        <source>%1 belongs to a dedicated system. Under the regulation the central operator may open it only for one of these reasons, which is recorded in the audit trail.</source>
        <translation>%1 thuộc hệ thống camera dùng riêng. Theo quy chế, đơn vị vận hành hệ thống tập trung chỉ được truy cập trong một trong các trường hợp dưới đây; lý do được ghi vào nhật ký hệ thống.</translation>
    </message>
    <message>
        <source>Details (document number, order, fault ticket):</source>
        <translation>Chi tiết (số văn bản, chỉ đạo, phiếu sự cố):</translation>
    </message>
    <message>
        <source>e.g. written request no. 12/CV-CAT</source>
        <translation>VD: văn bản số 12/CV-CAT</translation>
    </message>
    <message>
        <source>Open the camera</source>
        <translation>Mở camera</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Emergency command and direction by the provincial leaders</source>
        <translation>Phục vụ công tác chỉ huy, điều hành khẩn cấp của lãnh đạo tỉnh</translation>
    </message>
    <message>
        <source>Mandatory technical work to handle a connection fault</source>
        <translation>Thực hiện các thao tác kỹ thuật bắt buộc để xử lý sự cố kết nối</translation>
    </message>
    <message>
        <source>Written request of a competent state authority, or as the law requires</source>
        <translation>Theo yêu cầu bằng văn bản của cơ quan nhà nước có thẩm quyền hoặc theo quy định của pháp luật</translation>
    </message>
</context>
<context>
    <name>ApprovalDecisionDialog</name>
    <message>
        <source>Endorse extraction request</source>
        <translation>Cho ý kiến đề nghị trích xuất</translation>
    </message>
    <message>
        <source>Decide extraction</source>
        <translation>Phê duyệt trích xuất</translation>
    </message>
    <message>
        <source>Record decision</source>
        <translation>Ghi nhận quyết định</translation>
    </message>
    <message>
        <source>&amp;Forward to the approver</source>
        <translation>&amp;Chuyển người phê duyệt</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Phê duyệt</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Từ chối</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Ghi chú:</translation>
    </message>
</context>
<context>
    <name>ApprovalRequests</name>
    <message>
        <source>Approval requests</source>
        <translation>Đề nghị chờ phê duyệt</translation>
    </message>
    <message>
        <source>&amp;Decide…</source>
        <translation>&amp;Quyết định…</translation>
    </message>
    <message>
        <source>A&amp;pprove…</source>
        <translation>&amp;Phê duyệt…</translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation>&amp;Từ chối…</translation>
    </message>
    <message>
        <source>Open &amp;case</source>
        <translation>Mở &amp;vụ việc</translation>
    </message>
    <message>
        <source>Approval requests waiting: %1</source>
        <translation>Đề nghị chờ phê duyệt: %1</translation>
    </message>
    <message>
        <source>Endorse (unit leader)</source>
        <translation>Cho ý kiến (lãnh đạo đơn vị)</translation>
    </message>
    <message>
        <source>Approve or reject</source>
        <translation>Phê duyệt hoặc từ chối</translation>
    </message>
    <message>
        <source>Package with the original footage %1: approve or reject</source>
        <translation>Gói có dữ liệu gốc %1: phê duyệt hoặc từ chối</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>Assign incident</source>
        <translation>Giao xử lý sự vụ</translation>
    </message>
    <message>
        <source>Give the incident to:</source>
        <translation>Giao sự vụ cho:</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Giao xử lý</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Nobody can take this incident.</source>
        <translation>Không có người nào nhận được sự vụ này.</translation>
    </message>
</context>
<context>
    <name>BoxCanvas</name>
    <message>
        <source>Face</source>
        <translation>Khuôn mặt</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>Biển số</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Vẽ tay</translation>
    </message>
</context>
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
    <message>
        <source>Privacy masks…</source>
        <translation>Vùng che riêng tư…</translation>
    </message>
</context>
<context>
    <name>CaseBoard</name>
    <message>
        <source>New case…</source>
        <translation>Vụ việc mới…</translation>
    </message>
    <message>
        <source>Deadline board</source>
        <translation>Bảng theo dõi thời hạn</translation>
    </message>
    <message>
        <source>Cases: %1 · Inbox: %2 · Due soon: %3 · Overdue: %4</source>
        <translation>Vụ việc: %1 · Chờ tiếp nhận: %2 · Sắp đến hạn: %3 · Quá hạn: %4</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Mọi trạng thái</translation>
    </message>
    <message>
        <source>Both sides</source>
        <translation>Cả hai bên</translation>
    </message>
    <message>
        <source>Search number, place or plate</source>
        <translation>Tìm số, địa điểm hoặc biển số</translation>
    </message>
    <message>
        <source>&amp;Due soon</source>
        <translation>&amp;Sắp đến hạn</translation>
    </message>
    <message>
        <source>O&amp;verdue</source>
        <translation>&amp;Quá hạn</translation>
    </message>
    <message>
        <source>&amp;Inbox</source>
        <translation>&amp;Chờ tiếp nhận</translation>
    </message>
    <message>
        <source>Open only</source>
        <translation>Chỉ vụ việc đang xử lý</translation>
    </message>
</context>
<context>
    <name>CaseLabels</name>
    <message>
        <source>Case</source>
        <translation>Vụ việc</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Violation</source>
        <translation>Hành vi vi phạm</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>To act</source>
        <translation>Bên xử lý</translation>
    </message>
    <message>
        <source>Next deadline</source>
        <translation>Thời hạn tiếp theo</translation>
    </message>
    <message>
        <source>Police unit</source>
        <translation>Đơn vị công an</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Ngày lập</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Đang lập</translation>
    </message>
    <message>
        <source>Sent to the police</source>
        <translation>Đã chuyển công an</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>Đang xác minh</translation>
    </message>
    <message>
        <source>Violator identified</source>
        <translation>Đã xác định người vi phạm</translation>
    </message>
    <message>
        <source>Record made</source>
        <translation>Đã lập biên bản</translation>
    </message>
    <message>
        <source>Penalty decided</source>
        <translation>Đã ra quyết định xử phạt</translation>
    </message>
    <message>
        <source>Concluded</source>
        <translation>Đã có kết luận</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Đã đóng</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <source>Running a red light</source>
        <translation>Vượt đèn đỏ</translation>
    </message>
    <message>
        <source>Wrong lane</source>
        <translation>Đi sai làn đường</translation>
    </message>
    <message>
        <source>Illegal stopping or parking</source>
        <translation>Dừng, đỗ xe trái phép</translation>
    </message>
    <message>
        <source>Speeding</source>
        <translation>Chạy quá tốc độ</translation>
    </message>
    <message>
        <source>Littering or illegal dumping</source>
        <translation>Xả rác, đổ chất thải trái phép</translation>
    </message>
    <message>
        <source>Urban order</source>
        <translation>Trật tự đô thị</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Khác</translation>
    </message>
    <message>
        <source>IOC</source>
        <translation>IOC</translation>
    </message>
    <message>
        <source>Police</source>
        <translation>Công an</translation>
    </message>
    <message>
        <source>Hand over to the police</source>
        <translation>Chuyển giao công an</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Xác minh</translation>
    </message>
    <message>
        <source>Make the violation record</source>
        <translation>Lập biên bản vi phạm</translation>
    </message>
    <message>
        <source>Transfer to the competent unit</source>
        <translation>Chuyển đơn vị có thẩm quyền</translation>
    </message>
    <message>
        <source>Penalty decision</source>
        <translation>Quyết định xử phạt</translation>
    </message>
    <message>
        <source>Tell the IOC the conclusion</source>
        <translation>Thông báo kết quả cho IOC</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Đang chờ</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Sắp đến hạn</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>Đúng hạn</translation>
    </message>
    <message>
        <source>Met late</source>
        <translation>Trễ hạn</translation>
    </message>
    <message>
        <source>No longer applies</source>
        <translation>Không còn áp dụng</translation>
    </message>
    <message>
        <source>Add clip or snapshot…</source>
        <translation>Thêm đoạn video, ảnh chụp…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Sửa…</translation>
    </message>
    <message>
        <source>Send to the police…</source>
        <translation>Chuyển công an…</translation>
    </message>
    <message>
        <source>Accept…</source>
        <translation>Tiếp nhận…</translation>
    </message>
    <message>
        <source>Mark complex…</source>
        <translation>Xác định phức tạp…</translation>
    </message>
    <message>
        <source>Violator identified…</source>
        <translation>Xác định người vi phạm…</translation>
    </message>
    <message>
        <source>Record made…</source>
        <translation>Lập biên bản…</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Chuyển giao…</translation>
    </message>
    <message>
        <source>Extend the decision time…</source>
        <translation>Gia hạn ra quyết định…</translation>
    </message>
    <message>
        <source>Penalty decided…</source>
        <translation>Ra quyết định xử phạt…</translation>
    </message>
    <message>
        <source>Conclude…</source>
        <translation>Kết luận…</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>Đóng vụ việc</translation>
    </message>
    <message>
        <source>Cancel case…</source>
        <translation>Hủy vụ việc…</translation>
    </message>
    <message>
        <source>Comment…</source>
        <translation>Ý kiến…</translation>
    </message>
    <message>
        <source>Request extraction…</source>
        <translation>Đề nghị trích xuất…</translation>
    </message>
    <message>
        <source>Fast extraction…</source>
        <translation>Trích xuất nhanh…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Xuất dữ liệu…</translation>
    </message>
    <message>
        <source>Case opened</source>
        <translation>Lập vụ việc</translation>
    </message>
    <message>
        <source>Draft changed</source>
        <translation>Sửa vụ việc</translation>
    </message>
    <message>
        <source>Clip added</source>
        <translation>Thêm đoạn video</translation>
    </message>
    <message>
        <source>Snapshot added</source>
        <translation>Thêm ảnh chụp</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <source>Marked complex</source>
        <translation>Xác định phức tạp</translation>
    </message>
    <message>
        <source>Violation record made</source>
        <translation>Lập biên bản vi phạm</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Chuyển giao</translation>
    </message>
    <message>
        <source>Decision time extended</source>
        <translation>Gia hạn ra quyết định</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Ý kiến</translation>
    </message>
    <message>
        <source>Extraction requested</source>
        <translation>Đề nghị trích xuất</translation>
    </message>
    <message>
        <source>Fast extraction</source>
        <translation>Trích xuất dữ liệu nhanh</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Xuất dữ liệu</translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <source>Penalised</source>
        <translation>Đã xử phạt</translation>
    </message>
    <message>
        <source>No violation</source>
        <translation>Không vi phạm</translation>
    </message>
    <message>
        <source>Violator not identified</source>
        <translation>Không xác định được người vi phạm</translation>
    </message>
    <message>
        <source>The violator asks to explain (1 month)</source>
        <translation>Người vi phạm yêu cầu giải trình (1 tháng)</translation>
    </message>
    <message>
        <source>Facts need checking (1 month)</source>
        <translation>Cần xác minh thêm tình tiết (1 tháng)</translation>
    </message>
    <message>
        <source>Especially complex (2 months)</source>
        <translation>Đặc biệt phức tạp (2 tháng)</translation>
    </message>
    <message>
        <source>Urban order violation</source>
        <translation>Vi phạm trật tự đô thị</translation>
    </message>
    <message>
        <source>Illegal dumping</source>
        <translation>Đổ rác thải trái phép</translation>
    </message>
    <message>
        <source>Security and order</source>
        <translation>An ninh trật tự</translation>
    </message>
    <message>
        <source>Administrative violation in progress</source>
        <translation>Vi phạm hành chính đang diễn ra</translation>
    </message>
    <message>
        <source>Waiting for the unit leader</source>
        <translation>Chờ lãnh đạo đơn vị cho ý kiến</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Chờ phê duyệt</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Đã phê duyệt</translation>
    </message>
    <message>
        <source>Fast extraction (dossier due)</source>
        <translation>Trích xuất nhanh (chờ hoàn thiện hồ sơ)</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Đã rút</translation>
    </message>
    <message>
        <source>Clip</source>
        <translation>Đoạn video</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Ảnh chụp</translation>
    </message>
</context>
<context>
    <name>CaseMediaActions</name>
    <message>
        <source>Choose the volume of the device</source>
        <translation>Chọn ổ đĩa của thiết bị</translation>
    </message>
    <message>
        <source>Fetching the stored file from the hub…</source>
        <translation>Đang tải tệp đã lưu từ máy chủ…</translation>
    </message>
    <message>
        <source>Export needs an approved extraction request first.</source>
        <translation>Cần có đề nghị trích xuất đã được phê duyệt trước khi xuất dữ liệu.</translation>
    </message>
    <message>
        <source>Copying %1 file(s) to the device…</source>
        <translation>Đang sao chép %1 tệp vào thiết bị…</translation>
    </message>
    <message>
        <source>The hub could not be told how the copy went.</source>
        <translation>Không báo được kết quả sao chép về máy chủ.</translation>
    </message>
    <message>
        <source>Export copied and verified to %1.</source>
        <translation>Đã sao chép và kiểm tra dữ liệu xuất tại %1.</translation>
    </message>
    <message>
        <source>The export was NOT copied completely.</source>
        <translation>Dữ liệu xuất CHƯA được sao chép đầy đủ.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất dữ liệu</translation>
    </message>
    <message>
        <source>The device on this volume is not the one the hub checked; nothing was written.</source>
        <translation>Thiết bị trên ổ đĩa này không phải thiết bị máy chủ đã kiểm tra; không có gì được ghi.</translation>
    </message>
    <message>
        <source>The device was removed or stopped answering.</source>
        <translation>Thiết bị đã bị rút ra hoặc không còn phản hồi.</translation>
    </message>
    <message>
        <source>The device is full.</source>
        <translation>Thiết bị đã đầy.</translation>
    </message>
    <message>
        <source>The device is read-only.</source>
        <translation>Thiết bị chỉ cho phép đọc.</translation>
    </message>
    <message>
        <source>The SHA-256 of the copy differs from the hub&apos;s; the copy was removed.</source>
        <translation>Mã SHA-256 của bản sao khác với bản trên máy chủ; bản sao đã bị xóa.</translation>
    </message>
    <message>
        <source>The hub did not hand out the file.</source>
        <translation>Máy chủ không cấp tệp.</translation>
    </message>
    <message>
        <source>The file could not be written.</source>
        <translation>Không ghi được tệp.</translation>
    </message>
    <message>
        <source>Only the technical administration keeps the device register.</source>
        <translation>Chỉ bộ phận quản trị kỹ thuật quản lý sổ đăng ký thiết bị.</translation>
    </message>
    <message>
        <source>%1 registered.</source>
        <translation>Đã đăng ký %1.</translation>
    </message>
    <message>
        <source>%1 revoked.</source>
        <translation>Đã thu hồi %1.</translation>
    </message>
</context>
<context>
    <name>CaseOpener</name>
    <message>
        <source>Select a tile with a camera.</source>
        <translation>Hãy chọn một ô hình có camera.</translation>
    </message>
    <message>
        <source>Select a tile with a camera and a range on its timeline (Shift+drag, or [ and ] at the cursor).</source>
        <translation>Hãy chọn ô hình có camera và một đoạn trên dòng thời gian (Shift+kéo, hoặc [ và ] tại con trỏ).</translation>
    </message>
    <message>
        <source>This incident has no camera.</source>
        <translation>Sự vụ này không gắn với camera.</translation>
    </message>
</context>
<context>
    <name>CaseStepDialog</name>
    <message>
        <source>Choose the police unit</source>
        <translation>Chọn đơn vị công an</translation>
    </message>
    <message>
        <source>Police &amp;unit:</source>
        <translation>Đơn &amp;vị công an:</translation>
    </message>
    <message>
        <source>&amp;Complex: 2 months to verify (DH 11.3b)</source>
        <translation>&amp;Phức tạp: xác minh trong 2 tháng (DH 11.3b)</translation>
    </message>
    <message>
        <source>Verification is due 1 month from receipt (DH 11.3b).</source>
        <translation>Thời hạn xác minh là 1 tháng kể từ ngày tiếp nhận (DH 11.3b).</translation>
    </message>
    <message>
        <source>&amp;Violator:</source>
        <translation>&amp;Người vi phạm:</translation>
    </message>
    <message>
        <source>The violation record is due within 3 working days (DH 13.1).</source>
        <translation>Biên bản vi phạm phải lập trong 3 ngày làm việc (DH 13.1).</translation>
    </message>
    <message>
        <source>&amp;Record number:</source>
        <translation>&amp;Số biên bản:</translation>
    </message>
    <message>
        <source>&amp;Decision number:</source>
        <translation>&amp;Số quyết định:</translation>
    </message>
    <message>
        <source>&amp;Outside our authority: transfer within 24 hours (DH 13.1)</source>
        <translation>&amp;Không thuộc thẩm quyền: chuyển trong 24 giờ (DH 13.1)</translation>
    </message>
    <message>
        <source>&amp;Why:</source>
        <translation>&amp;Lý do gia hạn:</translation>
    </message>
    <message>
        <source>&amp;Outcome:</source>
        <translation>&amp;Kết quả:</translation>
    </message>
    <message>
        <source>&amp;Conclusion:</source>
        <translation>&amp;Kết luận:</translation>
    </message>
    <message>
        <source>&amp;Comment:</source>
        <translation>&amp;Ý kiến:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Lý do:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Ghi chú:</translation>
    </message>
    <message>
        <source>Closing ends the legal hold on the case&apos;s media and events.</source>
        <translation>Đóng vụ việc sẽ chấm dứt việc lưu giữ phục vụ điều tra, xử lý đối với dữ liệu của vụ việc.</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Overdue: %1</source>
        <translation>Quá hạn: %1</translation>
    </message>
    <message>
        <source>Due soon: %1</source>
        <translation>Sắp đến hạn: %1</translation>
    </message>
    <message>
        <source>Operating unit: %1</source>
        <translation>Đơn vị vận hành: %1</translation>
    </message>
    <message>
        <source>Police unit: %1</source>
        <translation>Đơn vị công an: %1</translation>
    </message>
    <message>
        <source>In your inbox: waiting to be accepted</source>
        <translation>Đang chờ đơn vị bạn tiếp nhận</translation>
    </message>
</context>
<context>
    <name>CaseTexts</name>
    <message>
        <source>Someone else changed this case meanwhile. It has been refreshed: check it and try again.</source>
        <translation>Vụ việc vừa được người khác cập nhật. Dữ liệu đã được làm mới: hãy kiểm tra và thực hiện lại.</translation>
    </message>
    <message>
        <source>This step is not possible in the case&apos;s status.</source>
        <translation>Không thể thực hiện bước này ở trạng thái hiện tại của vụ việc.</translation>
    </message>
    <message>
        <source>This case is not (or no longer) visible to you.</source>
        <translation>Bạn không (hoặc không còn) được xem vụ việc này.</translation>
    </message>
    <message>
        <source>The case has no media yet: add a clip or a snapshot.</source>
        <translation>Vụ việc chưa có dữ liệu: hãy thêm đoạn video hoặc ảnh chụp.</translation>
    </message>
    <message>
        <source>That unit is not a competent police unit.</source>
        <translation>Đơn vị này không phải là cơ quan công an có thẩm quyền.</translation>
    </message>
    <message>
        <source>That outcome does not fit the case&apos;s status.</source>
        <translation>Kết quả này không phù hợp với trạng thái của vụ việc.</translation>
    </message>
    <message>
        <source>That camera is not one of the case&apos;s cameras.</source>
        <translation>Camera này không thuộc vụ việc.</translation>
    </message>
    <message>
        <source>That time is outside the case&apos;s range on the camera.</source>
        <translation>Thời điểm này nằm ngoài khoảng thời gian của vụ việc trên camera.</translation>
    </message>
    <message>
        <source>A camera&apos;s time range lies in the future.</source>
        <translation>Khoảng thời gian của camera nằm trong tương lai.</translation>
    </message>
    <message>
        <source>The detection time lies in the future.</source>
        <translation>Thời điểm phát hiện nằm trong tương lai.</translation>
    </message>
    <message>
        <source>The extraction request was not found.</source>
        <translation>Không tìm thấy đề nghị trích xuất.</translation>
    </message>
    <message>
        <source>Some of the media are not in the case.</source>
        <translation>Một số dữ liệu không thuộc vụ việc.</translation>
    </message>
    <message>
        <source>This storage device is not registered as state-owned: nothing was exported, and the attempt was recorded.</source>
        <translation>Thiết bị lưu trữ này chưa được đăng ký là tài sản nhà nước: không có dữ liệu nào được xuất, thao tác đã được ghi nhật ký.</translation>
    </message>
    <message>
        <source>The extraction request is not approved.</source>
        <translation>Đề nghị trích xuất chưa được phê duyệt.</translation>
    </message>
    <message>
        <source>The hub&apos;s stored copy of this medium is missing or damaged; tell the administrator.</source>
        <translation>Bản lưu của tư liệu này trên máy chủ bị mất hoặc hỏng; hãy báo quản trị viên.</translation>
    </message>
    <message>
        <source>This export is not yours or does not exist.</source>
        <translation>Lần xuất này không phải của bạn hoặc không tồn tại.</translation>
    </message>
    <message>
        <source>The hub did not accept the report of the copy.</source>
        <translation>Máy chủ không chấp nhận báo cáo sao chép.</translation>
    </message>
    <message>
        <source>This storage device is already registered.</source>
        <translation>Thiết bị lưu trữ này đã được đăng ký.</translation>
    </message>
    <message>
        <source>The hub is cutting other clips; try again in a moment.</source>
        <translation>Máy chủ đang cắt các đoạn video khác; vui lòng thử lại sau giây lát.</translation>
    </message>
    <message>
        <source>The recorder keeps no recording of this camera&apos;s channel.</source>
        <translation>Đầu ghi không lưu bản ghi của kênh camera này.</translation>
    </message>
    <message>
        <source>Another agency receives data only with its written consent or request.</source>
        <translation>Chỉ cung cấp dữ liệu cho cơ quan khác khi có văn bản đồng ý hoặc văn bản đề nghị.</translation>
    </message>
    <message>
        <source>The request was already decided or withdrawn.</source>
        <translation>Đề nghị đã được quyết định hoặc đã rút.</translation>
    </message>
    <message>
        <source>A fast extraction needs a reason and a purpose (TN 9.2b).</source>
        <translation>Trích xuất dữ liệu nhanh phải nêu rõ lý do và mục đích (TN 9.2b).</translation>
    </message>
    <message>
        <source>Fast extraction is for emergencies only.</source>
        <translation>Chỉ trích xuất dữ liệu nhanh trong tình huống khẩn cấp.</translation>
    </message>
    <message>
        <source>Fast extraction is not part of this jurisdiction&apos;s rules.</source>
        <translation>Quy định của địa phương không có cơ chế trích xuất dữ liệu nhanh.</translation>
    </message>
    <message>
        <source>The snapshot was not found.</source>
        <translation>Không tìm thấy ảnh chụp.</translation>
    </message>
    <message>
        <source>The clip&apos;s range is not valid.</source>
        <translation>Khoảng thời gian của đoạn video không hợp lệ.</translation>
    </message>
    <message>
        <source>The clip is too long.</source>
        <translation>Đoạn video quá dài.</translation>
    </message>
    <message>
        <source>The camera recorded nothing in that range.</source>
        <translation>Camera không ghi hình trong khoảng thời gian này.</translation>
    </message>
    <message>
        <source>The hub could not cut the clip from the camera.</source>
        <translation>Máy chủ không cắt được đoạn video từ camera.</translation>
    </message>
    <message>
        <source>The camera did not answer in time.</source>
        <translation>Camera không phản hồi kịp thời.</translation>
    </message>
    <message>
        <source>The hub&apos;s evidence storage is full or not writable.</source>
        <translation>Kho lưu trữ chứng cứ của máy chủ đã đầy hoặc không ghi được.</translation>
    </message>
    <message>
        <source>That time is older than your archive limit.</source>
        <translation>Thời điểm này vượt quá giới hạn xem lại của bạn.</translation>
    </message>
    <message>
        <source>This camera is outside your scope.</source>
        <translation>Camera này nằm ngoài phạm vi của bạn.</translation>
    </message>
    <message>
        <source>The camera does not exist.</source>
        <translation>Camera không tồn tại.</translation>
    </message>
    <message>
        <source>The unit does not exist.</source>
        <translation>Đơn vị không tồn tại.</translation>
    </message>
    <message>
        <source>A second person must approve this package with the original footage before it can be downloaded.</source>
        <translation>Gói có dữ liệu gốc này phải được người thứ hai phê duyệt trước khi tải về.</translation>
    </message>
    <message>
        <source>This package was rejected: it cannot be downloaded.</source>
        <translation>Gói chứng cứ này đã bị từ chối: không thể tải về.</translation>
    </message>
    <message>
        <source>This package was already downloaded. For another copy, export a new package (it is recorded and approved again).</source>
        <translation>Gói chứng cứ này đã được tải về. Muốn có bản khác, hãy xuất gói mới (được ghi nhận và phê duyệt lại).</translation>
    </message>
    <message>
        <source>You cannot approve a package you asked for yourself.</source>
        <translation>Bạn không thể tự phê duyệt gói chứng cứ do chính mình yêu cầu.</translation>
    </message>
    <message>
        <source>This package is not waiting for a decision.</source>
        <translation>Gói chứng cứ này không chờ phê duyệt.</translation>
    </message>
    <message>
        <source>The package is not ready.</source>
        <translation>Gói chứng cứ chưa sẵn sàng.</translation>
    </message>
    <message>
        <source>The package was not found.</source>
        <translation>Không tìm thấy gói chứng cứ.</translation>
    </message>
    <message>
        <source>The hub could not build the evidence package; tell the administrator.</source>
        <translation>Máy chủ không lập được gói chứng cứ; hãy báo quản trị viên.</translation>
    </message>
    <message>
        <source>The time-stamping authority did not answer: no package was made.</source>
        <translation>Đơn vị cấp dấu thời gian không phản hồi: chưa lập được gói chứng cứ.</translation>
    </message>
    <message>
        <source>The hub stopped three times while building the package; export a new one.</source>
        <translation>Máy chủ đã ba lần dừng giữa chừng khi lập gói; hãy xuất gói mới.</translation>
    </message>
    <message>
        <source>The hub&apos;s stored package is missing or damaged; tell the administrator.</source>
        <translation>Gói chứng cứ lưu trên máy chủ bị mất hoặc hỏng; hãy báo quản trị viên.</translation>
    </message>
    <message>
        <source>The hub did not accept what was entered.</source>
        <translation>Máy chủ không chấp nhận dữ liệu đã nhập.</translation>
    </message>
    <message>
        <source>The hub does not answer.</source>
        <translation>Máy chủ không phản hồi.</translation>
    </message>
    <message>
        <source>The hub refused (%1).</source>
        <translation>Máy chủ từ chối (%1).</translation>
    </message>
    <message>
        <source>Your role does not allow work on cases.</source>
        <translation>Vai trò của bạn không được xử lý vụ việc.</translation>
    </message>
    <message>
        <source>This step belongs to another unit.</source>
        <translation>Bước này thuộc thẩm quyền của đơn vị khác.</translation>
    </message>
    <message>
        <source>Your role does not allow asking for extraction.</source>
        <translation>Vai trò của bạn không được đề nghị trích xuất.</translation>
    </message>
    <message>
        <source>Your role does not allow deciding extraction requests.</source>
        <translation>Vai trò của bạn không được phê duyệt đề nghị trích xuất.</translation>
    </message>
    <message>
        <source>You cannot decide your own request: a second person must.</source>
        <translation>Bạn không thể tự phê duyệt đề nghị của mình: cần người thứ hai.</translation>
    </message>
    <message>
        <source>You already decided on this request: a second person must.</source>
        <translation>Bạn đã cho ý kiến về đề nghị này: cần người thứ hai.</translation>
    </message>
    <message>
        <source>Only the requester may withdraw the request.</source>
        <translation>Chỉ người đề nghị mới được rút đề nghị.</translation>
    </message>
    <message>
        <source>Fast extraction is for the commune chairman or a person he authorised in writing.</source>
        <translation>Chỉ Chủ tịch UBND xã hoặc người được ủy quyền bằng văn bản mới được trích xuất dữ liệu nhanh.</translation>
    </message>
    <message>
        <source>Fast extraction only on cameras the commune manages or was granted.</source>
        <translation>Chỉ trích xuất nhanh trên camera do xã quản lý hoặc được phân quyền.</translation>
    </message>
    <message>
        <source>Your role or unit does not allow this step.</source>
        <translation>Vai trò hoặc đơn vị của bạn không được thực hiện bước này.</translation>
    </message>
    <message>
        <source>Incident #%1</source>
        <translation>Sự vụ #%1</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Sự vụ</translation>
    </message>
    <message>
        <source>The selected tile</source>
        <translation>Ô hình đang chọn</translation>
    </message>
    <message>
        <source>The timeline selection</source>
        <translation>Đoạn chọn trên dòng thời gian</translation>
    </message>
    <message>
        <source>Case: %1</source>
        <translation>Vụ việc: %1</translation>
    </message>
    <message>
        <source>Requester: %1</source>
        <translation>Người đề nghị: %1</translation>
    </message>
    <message>
        <source>Purpose: %1</source>
        <translation>Mục đích: %1</translation>
    </message>
    <message>
        <source>Content: %1</source>
        <translation>Nội dung: %1</translation>
    </message>
    <message>
        <source>Written request: %1</source>
        <translation>Văn bản đề nghị: %1</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dung lượng</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>&amp;Play the stored file</source>
        <translation>&amp;Phát tệp đã lưu</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hạn</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>Căn cứ</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Đề nghị</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>Người đề nghị</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Mục đích</translation>
    </message>
    <message>
        <source>Complete &amp;dossier…</source>
        <translation>Hoàn thiện &amp;hồ sơ…</translation>
    </message>
    <message>
        <source>&amp;Withdraw request…</source>
        <translation>&amp;Rút đề nghị…</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Dữ liệu</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Diễn biến</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <source>Extraction</source>
        <translation>Trích xuất</translation>
    </message>
    <message>
        <source>Select a case to see it.</source>
        <translation>Chọn một vụ việc để xem chi tiết.</translation>
    </message>
    <message>
        <source>Place:</source>
        <translation>Địa điểm:</translation>
    </message>
    <message>
        <source>Vehicle:</source>
        <translation>Phương tiện:</translation>
    </message>
    <message>
        <source>Detected:</source>
        <translation>Phát hiện lúc:</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1, người lập: %2</translation>
    </message>
    <message>
        <source>Opened:</source>
        <translation>Ngày lập:</translation>
    </message>
    <message>
        <source>Operating unit:</source>
        <translation>Đơn vị vận hành:</translation>
    </message>
    <message>
        <source>%1 (accepted by %2)</source>
        <translation>%1 (người tiếp nhận: %2)</translation>
    </message>
    <message>
        <source>Police unit:</source>
        <translation>Đơn vị công an:</translation>
    </message>
    <message>
        <source>From incident:</source>
        <translation>Từ sự vụ:</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <source>Verification:</source>
        <translation>Xác minh:</translation>
    </message>
    <message>
        <source>Complex (2 months)</source>
        <translation>Phức tạp (2 tháng)</translation>
    </message>
    <message>
        <source>Violation record:</source>
        <translation>Biên bản vi phạm:</translation>
    </message>
    <message>
        <source>Penalty decision:</source>
        <translation>Quyết định xử phạt:</translation>
    </message>
    <message>
        <source>Conclusion:</source>
        <translation>Kết luận:</translation>
    </message>
    <message>
        <source>Legal hold:</source>
        <translation>Lưu giữ:</translation>
    </message>
    <message>
        <source>Media and events are kept (TN 12.2)</source>
        <translation>Lưu giữ phục vụ điều tra, xử lý (TN 12.2)</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Mô tả:</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Hệ thống</translation>
    </message>
    <message>
        <source>dossier late</source>
        <translation>hồ sơ trễ hạn</translation>
    </message>
    <message>
        <source>dossier due %1</source>
        <translation>hạn hồ sơ %1</translation>
    </message>
</context>
<context>
    <name>CasesController</name>
    <message>
        <source>Cases</source>
        <translation>Vụ việc</translation>
    </message>
    <message>
        <source>Approval requests</source>
        <translation>Đề nghị chờ phê duyệt</translation>
    </message>
    <message>
        <source>Deadline board</source>
        <translation>Bảng theo dõi thời hạn</translation>
    </message>
    <message>
        <source>Police inbox</source>
        <translation>Vụ việc chờ tiếp nhận</translation>
    </message>
    <message>
        <source>New case from the selected tile…</source>
        <translation>Lập vụ việc từ ô hình đang chọn…</translation>
    </message>
    <message>
        <source>New case from the timeline selection…</source>
        <translation>Lập vụ việc từ đoạn chọn trên dòng thời gian…</translation>
    </message>
    <message>
        <source>Storage devices…</source>
        <translation>Thiết bị lưu trữ…</translation>
    </message>
    <message>
        <source>Open case…</source>
        <translation>Mở vụ việc…</translation>
    </message>
    <message>
        <source>Case %1 opened.</source>
        <translation>Đã lập vụ việc %1.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>The hub is cutting the clip…</source>
        <translation>Máy chủ đang cắt đoạn video…</translation>
    </message>
    <message>
        <source>The hub is taking the snapshot…</source>
        <translation>Máy chủ đang chụp ảnh…</translation>
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
    <name>DiagnosticsDialog</name>
    <message>
        <source>Diagnostics</source>
        <translation>Chẩn đoán</translation>
    </message>
    <message>
        <source>vwall version</source>
        <translation>Phiên bản vwall</translation>
    </message>
    <message>
        <source>Qt platform</source>
        <translation>Nền tảng Qt</translation>
    </message>
    <message>
        <source>Video drawing</source>
        <translation>Cách vẽ video</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>OpenGL</source>
        <translation>OpenGL</translation>
    </message>
    <message>
        <source>libVLC</source>
        <translation>libVLC</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>Máy chủ (hub)</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>chưa kết nối</translation>
    </message>
    <message>
        <source>Players still closing</source>
        <translation>Trình phát đang đóng</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Sao chép</translation>
    </message>
    <message>
        <source>GPU: OpenGL shaders convert and scale the video</source>
        <translation>GPU: bộ đổ bóng OpenGL chuyển đổi và co giãn video</translation>
    </message>
    <message>
        <source>CPU: pictures converted at the tile&apos;s size, copied unscaled</source>
        <translation>CPU: hình được chuyển đổi theo kích thước ô, sao chép không co giãn</translation>
    </message>
    <message>
        <source>set by VWALL_RENDER</source>
        <translation>do VWALL_RENDER đặt</translation>
    </message>
    <message>
        <source>OpenGL is not available</source>
        <translation>Không có OpenGL</translation>
    </message>
    <message>
        <source>OpenGL is hardware-accelerated</source>
        <translation>OpenGL được phần cứng tăng tốc</translation>
    </message>
    <message>
        <source>OpenGL runs in software here: the CPU path is cheaper</source>
        <translation>OpenGL chạy bằng phần mềm trên máy này: đường CPU rẻ hơn</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không có</translation>
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
    <name>DossierDialog</name>
    <message>
        <source>Complete the dossier</source>
        <translation>Hoàn thiện hồ sơ</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Ghi nhận</translation>
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation>&amp;Số hồ sơ:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Ghi chú:</translation>
    </message>
</context>
<context>
    <name>EvidencePackageActions</name>
    <message>
        <source>Save the evidence package</source>
        <translation>Lưu gói chứng cứ</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Gói chứng cứ</translation>
    </message>
    <message>
        <source>Export needs an approved extraction request first.</source>
        <translation>Cần có đề nghị trích xuất đã được phê duyệt trước khi xuất dữ liệu.</translation>
    </message>
    <message>
        <source>The hub is building the evidence package; this can take minutes…</source>
        <translation>Máy chủ đang lập gói chứng cứ; việc này có thể mất vài phút…</translation>
    </message>
    <message>
        <source>Package %1 waits for a second person&apos;s approval.</source>
        <translation>Gói %1 đang chờ người thứ hai phê duyệt.</translation>
    </message>
    <message>
        <source>Package %1 is ready to download.</source>
        <translation>Gói %1 đã sẵn sàng để tải về.</translation>
    </message>
    <message>
        <source>Package %1 was rejected.</source>
        <translation>Gói %1 đã bị từ chối.</translation>
    </message>
    <message>
        <source>Package %1: %2</source>
        <translation>Gói %1: %2</translation>
    </message>
    <message>
        <source>Package %1 with the original footage, asked for by %2.</source>
        <translation>Gói %1 có dữ liệu gốc, do %2 yêu cầu.</translation>
    </message>
    <message>
        <source>Purpose: %1</source>
        <translation>Mục đích: %1</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>Đang tải %1…</translation>
    </message>
    <message>
        <source>Package %1 saved to %2.</source>
        <translation>Đã lưu gói %1 vào %2.</translation>
    </message>
    <message>
        <source>There is not enough free space there for the package: nothing was saved, and it can still be downloaded.</source>
        <translation>Nơi lưu không đủ dung lượng trống cho gói: chưa lưu gì, gói vẫn có thể tải về.</translation>
    </message>
    <message>
        <source>The package cannot be saved there (no such folder, or no permission): nothing was saved, and it can still be downloaded.</source>
        <translation>Không thể lưu gói vào đó (thư mục không tồn tại hoặc không có quyền ghi): chưa lưu gì, gói vẫn có thể tải về.</translation>
    </message>
    <message>
        <source>That place is read-only: nothing was saved, and the package can still be downloaded.</source>
        <translation>Nơi lưu chỉ cho phép đọc: chưa lưu gì, gói vẫn có thể tải về.</translation>
    </message>
    <message>
        <source>The disk filled up while saving; the partial file was removed. The hub counts the package as collected: for another copy, export a new package.</source>
        <translation>Ổ đĩa đầy trong khi lưu; tệp dở dang đã được xóa. Máy chủ đã ghi nhận gói là đã tải: muốn có bản khác, hãy xuất gói mới.</translation>
    </message>
    <message>
        <source>The disk was removed or stopped answering; the partial file was removed.</source>
        <translation>Ổ đĩa bị rút ra hoặc không phản hồi; tệp dở dang đã được xóa.</translation>
    </message>
    <message>
        <source>The SHA-256 of the file differs from the hub&apos;s; the file was removed.</source>
        <translation>Mã SHA-256 của tệp khác với mã trên máy chủ; tệp đã được xóa.</translation>
    </message>
    <message>
        <source>Download cancelled; the partial file was removed. The hub counts the package as collected: for another copy, export a new package.</source>
        <translation>Đã hủy tải; tệp dở dang đã được xóa. Máy chủ đã ghi nhận gói là đã tải: muốn có bản khác, hãy xuất gói mới.</translation>
    </message>
    <message>
        <source>Writing the package failed; the partial file was removed. The hub counts the package as collected: for another copy, export a new package.</source>
        <translation>Ghi gói thất bại; tệp dở dang đã được xóa. Máy chủ đã ghi nhận gói là đã tải: muốn có bản khác, hãy xuất gói mới.</translation>
    </message>
</context>
<context>
    <name>EvidencePanel</name>
    <message>
        <source>Package</source>
        <translation>Gói</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Người yêu cầu</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Thời điểm yêu cầu</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>Người phê duyệt</translation>
    </message>
    <message>
        <source>Ready / downloaded</source>
        <translation>Sẵn sàng / đã tải</translation>
    </message>
    <message>
        <source>Export evidence package…</source>
        <translation>Xuất gói chứng cứ…</translation>
    </message>
    <message>
        <source>Approve package</source>
        <translation>Phê duyệt gói</translation>
    </message>
    <message>
        <source>Reject package</source>
        <translation>Từ chối gói</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Tải về…</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Hủy tải</translation>
    </message>
    <message>
        <source>with originals</source>
        <translation>kèm dữ liệu gốc</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>Đã tải về</translation>
    </message>
    <message>
        <source>Building…</source>
        <translation>Đang lập…</translation>
    </message>
    <message>
        <source>Waiting for a second approval</source>
        <translation>Chờ người thứ hai phê duyệt</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Sẵn sàng</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>downloaded %1</source>
        <translation>đã tải %1</translation>
    </message>
    <message>
        <source>ready %1</source>
        <translation>sẵn sàng %1</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export to a registered storage device</source>
        <translation>Xuất dữ liệu ra thiết bị lưu trữ đã đăng ký</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất dữ liệu</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>C&amp;họn…</translation>
    </message>
    <message>
        <source>Choose the volume of the device.</source>
        <translation>Hãy chọn ổ đĩa của thiết bị.</translation>
    </message>
    <message>
        <source>&amp;Request:</source>
        <translation>Đề &amp;nghị:</translation>
    </message>
    <message>
        <source>&amp;Volume:</source>
        <translation>Ổ đĩ&amp;a:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Thiết bị:</translation>
    </message>
    <message>
        <source>No identifier could be read from this volume&apos;s device.</source>
        <translation>Không đọc được mã định danh từ thiết bị của ổ đĩa này.</translation>
    </message>
    <message>
        <source>%1 — not in your unit&apos;s register</source>
        <translation>%1 — không có trong sổ đăng ký của đơn vị</translation>
    </message>
    <message>
        <source>Recipient &amp;agency:</source>
        <translation>Cơ &amp;quan nhận:</translation>
    </message>
    <message>
        <source>&amp;Consent document:</source>
        <translation>&amp;Văn bản đồng ý:</translation>
    </message>
    <message>
        <source>Consent da&amp;te:</source>
        <translation>Ngày văn &amp;bản:</translation>
    </message>
    <message>
        <source>Only to registered state-owned devices (TN 9.2c); the device&apos;s identifier is checked by the hub and every export is logged.</source>
        <translation>Chỉ xuất ra thiết bị lưu trữ là tài sản nhà nước đã đăng ký (TN 9.2c); máy chủ kiểm tra mã thiết bị và ghi nhật ký mọi lần xuất.</translation>
    </message>
</context>
<context>
    <name>ExtractionDialog</name>
    <message>
        <source>Fast extraction (TN 9.2)</source>
        <translation>Trích xuất dữ liệu nhanh (TN 9.2)</translation>
    </message>
    <message>
        <source>Request extraction</source>
        <translation>Đề nghị trích xuất</translation>
    </message>
    <message>
        <source>Extract now</source>
        <translation>Trích xuất ngay</translation>
    </message>
    <message>
        <source>Send request</source>
        <translation>Gửi đề nghị</translation>
    </message>
    <message>
        <source>&amp;Written request of another agency</source>
        <translation>&amp;Văn bản đề nghị của cơ quan khác</translation>
    </message>
    <message>
        <source>&amp;This is an emergency</source>
        <translation>&amp;Tình huống khẩn cấp</translation>
    </message>
    <message>
        <source>&amp;Situation:</source>
        <translation>Tình &amp;huống:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Lý do:</translation>
    </message>
    <message>
        <source>&amp;Purpose:</source>
        <translation>&amp;Mục đích:</translation>
    </message>
    <message>
        <source>Without prior approval: the internal dossier is due within 24 working hours (TN 9.2b).</source>
        <translation>Không cần phê duyệt trước: phải hoàn thiện hồ sơ nội bộ trong 24 giờ làm việc (TN 9.2b).</translation>
    </message>
    <message>
        <source>&amp;Content:</source>
        <translation>&amp;Nội dung:</translation>
    </message>
    <message>
        <source>&amp;Agency:</source>
        <translation>&amp;Cơ quan:</translation>
    </message>
    <message>
        <source>&amp;Document number:</source>
        <translation>&amp;Số văn bản:</translation>
    </message>
    <message>
        <source>Document &amp;date:</source>
        <translation>Ngày văn &amp;bản:</translation>
    </message>
    <message>
        <source>Co&amp;mmitment:</source>
        <translation>Cam &amp;kết:</translation>
    </message>
</context>
<context>
    <name>ForcedAckDialog</name>
    <message>
        <source>Critical incident — acknowledgement required</source>
        <translation>Sự vụ khẩn cấp — bắt buộc xác nhận</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Loại:</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <source>Area:</source>
        <translation>Địa bàn:</translation>
    </message>
    <message>
        <source>Duty unit:</source>
        <translation>Đơn vị trực:</translation>
    </message>
    <message>
        <source>First event:</source>
        <translation>Sự kiện đầu tiên:</translation>
    </message>
    <message>
        <source>This incident must be acknowledged. If you cannot take it now, defer it with a reason: the reason is recorded and the alert comes back.</source>
        <translation>Sự vụ này bắt buộc phải xác nhận. Nếu chưa thể tiếp nhận ngay, hãy hoãn và nêu lý do: lý do được ghi lại và cảnh báo sẽ hiện lại.</translation>
    </message>
    <message>
        <source>Reason for deferring (required to defer)</source>
        <translation>Lý do hoãn xác nhận (bắt buộc khi hoãn)</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <source>Defer with reason</source>
        <translation>Hoãn (có lý do)</translation>
    </message>
</context>
<context>
    <name>ForcedAcknowledgements</name>
    <message>
        <source>Acknowledgement deferred: %1</source>
        <translation>Hoãn xác nhận: %1</translation>
    </message>
    <message>
        <source>someone else</source>
        <translation>người khác</translation>
    </message>
    <message>
        <source>Incident #%1 was acknowledged by %2.</source>
        <translation>Sự vụ #%1 đã được %2 xác nhận.</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
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
    <name>IncidentDetailPane</name>
    <message>
        <source>Show on the wall</source>
        <translation>Xem trên tường video</translation>
    </message>
    <message>
        <source>Open the camera live and its recording at the event time</source>
        <translation>Mở hình ảnh trực tiếp của camera và phần ghi hình tại thời điểm xảy ra sự kiện</translation>
    </message>
    <message>
        <source>Open case…</source>
        <translation>Lập vụ việc…</translation>
    </message>
    <message>
        <source>Open a violation case from this incident</source>
        <translation>Lập vụ việc vi phạm từ sự vụ này</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>Attach file…</source>
        <translation>Đính kèm tệp…</translation>
    </message>
    <message>
        <source>Attach a document or picture to the incident (kept on the hub)</source>
        <translation>Đính kèm văn bản hoặc hình ảnh vào sự vụ (lưu trên máy chủ)</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>Lưu bản sao…</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Quy trình</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Lịch sử</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Ý kiến</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Select an incident to see its details.</source>
        <translation>Chọn một sự vụ để xem chi tiết.</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Tạo sự vụ</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <source>Repeated event</source>
        <translation>Sự kiện lặp lại</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Đã xác nhận</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Đã giao xử lý</translation>
    </message>
    <message>
        <source>Handling started</source>
        <translation>Bắt đầu xử lý</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Ý kiến</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Chuyển cấp trên</translation>
    </message>
    <message>
        <source>Escalated automatically (not acknowledged in time)</source>
        <translation>Tự động chuyển cấp trên (không được xác nhận kịp thời)</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Đã xử lý</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Đã đóng</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>Mở lại</translation>
    </message>
    <message>
        <source>Procedure step ticked</source>
        <translation>Đánh dấu hoàn thành bước quy trình</translation>
    </message>
    <message>
        <source>Procedure step unticked</source>
        <translation>Bỏ đánh dấu bước quy trình</translation>
    </message>
    <message>
        <source>File attached</source>
        <translation>Đính kèm tệp</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Tình trạng:</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <source>Area:</source>
        <translation>Địa bàn:</translation>
    </message>
    <message>
        <source>Duty unit:</source>
        <translation>Đơn vị trực:</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1, bởi %2</translation>
    </message>
    <message>
        <source>Opened:</source>
        <translation>Tạo lúc:</translation>
    </message>
    <message>
        <source>Events:</source>
        <translation>Sự kiện:</translation>
    </message>
    <message>
        <source>%1, first at %2</source>
        <translation>%1, lần đầu lúc %2</translation>
    </message>
    <message>
        <source>Acknowledged:</source>
        <translation>Xác nhận:</translation>
    </message>
    <message>
        <source>Assignee:</source>
        <translation>Người xử lý:</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <source>Deadline:</source>
        <translation>Thời hạn:</translation>
    </message>
    <message>
        <source>Written notice by:</source>
        <translation>Hạn thông báo bằng văn bản:</translation>
    </message>
    <message>
        <source>(TN 11.5: within 72 hours)</source>
        <translation>(TN 11.5: trong vòng 72 giờ)</translation>
    </message>
    <message>
        <source>Escalated:</source>
        <translation>Chuyển cấp trên:</translation>
    </message>
    <message>
        <source>level %1</source>
        <translation>cấp %1</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Mô tả:</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>Kết quả xử lý:</translation>
    </message>
    <message>
        <source>Done by %1 at %2</source>
        <translation>%1 thực hiện lúc %2</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Hệ thống</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 byte</translation>
    </message>
    <message>
        <source>Added by %1 at %2</source>
        <translation>%1 đính kèm lúc %2</translation>
    </message>
</context>
<context>
    <name>IncidentFiles</name>
    <message>
        <source>The file is too large to attach.</source>
        <translation>Tệp quá lớn, không thể đính kèm.</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>Không đọc được tệp.</translation>
    </message>
    <message>
        <source>The file arrived damaged; it was not saved. Try again.</source>
        <translation>Tệp nhận về bị hỏng nên chưa được lưu. Vui lòng thử lại.</translation>
    </message>
    <message>
        <source>The copy could not be written there.</source>
        <translation>Không ghi được bản sao vào vị trí đó.</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Đã lưu %1.</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>Đính kèm tệp</translation>
    </message>
    <message>
        <source>Save a copy</source>
        <translation>Lưu bản sao</translation>
    </message>
</context>
<context>
    <name>IncidentLabels</name>
    <message>
        <source>Priority</source>
        <translation>Mức ưu tiên</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Sự vụ</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Địa bàn</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Người xử lý</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Khẩn cấp</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Cao</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Trung bình</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Thấp</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Mới</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Đã xác nhận</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Đã giao xử lý</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Đang xử lý</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Đã xử lý</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Đã đóng</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>Sự cố kỹ thuật</translation>
    </message>
    <message>
        <source>Cyber-security incident</source>
        <translation>Sự cố an ninh mạng</translation>
    </message>
    <message>
        <source>Personal data leak</source>
        <translation>Lộ lọt dữ liệu cá nhân</translation>
    </message>
    <message>
        <source>Abuse of the system</source>
        <translation>Lạm dụng hệ thống</translation>
    </message>
    <message>
        <source>Violation</source>
        <translation>Vi phạm</translation>
    </message>
    <message>
        <source>Intrusion</source>
        <translation>Xâm nhập</translation>
    </message>
    <message>
        <source>Motion</source>
        <translation>Chuyển động</translation>
    </message>
    <message>
        <source>Camera tampering</source>
        <translation>Phá hoại camera</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Khác</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>Giao xử lý…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu xử lý</translation>
    </message>
    <message>
        <source>Comment…</source>
        <translation>Ý kiến…</translation>
    </message>
    <message>
        <source>Escalate…</source>
        <translation>Chuyển cấp trên…</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Xử lý xong…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>Mở lại…</translation>
    </message>
</context>
<context>
    <name>IncidentQueue</name>
    <message>
        <source>Mute</source>
        <translation>Tắt tiếng</translation>
    </message>
    <message>
        <source>Silence the alert of new critical incidents</source>
        <translation>Tắt âm báo khi có sự vụ khẩn cấp mới</translation>
    </message>
    <message>
        <source>Report incident…</source>
        <translation>Báo cáo sự vụ…</translation>
    </message>
    <message>
        <source>Incident queue</source>
        <translation>Hàng đợi sự vụ</translation>
    </message>
    <message>
        <source>Open: %1 · Critical: %2 · Overdue: %3</source>
        <translation>Đang mở: %1 · Khẩn cấp: %2 · Quá hạn: %3</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>Mọi mức ưu tiên</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Mọi trạng thái</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Mọi loại</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>Mọi địa bàn</translation>
    </message>
    <message>
        <source>All cameras</source>
        <translation>Mọi camera</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>Chỉ sự vụ quá hạn</translation>
    </message>
    <message>
        <source>Open only</source>
        <translation>Chỉ sự vụ đang mở</translation>
    </message>
    <message>
        <source>Search title, camera or number</source>
        <translation>Tìm theo tiêu đề, camera hoặc số</translation>
    </message>
    <message>
        <source>Critical incidents waiting for acknowledgement: %1</source>
        <translation>Sự vụ khẩn cấp chờ xác nhận: %1</translation>
    </message>
    <message>
        <source>Muted</source>
        <translation>Đã tắt tiếng</translation>
    </message>
</context>
<context>
    <name>IncidentTableModel</name>
    <message>
        <source>Overdue %1</source>
        <translation>Quá hạn %1</translation>
    </message>
    <message>
        <source>Camera: %1</source>
        <translation>Camera: %1</translation>
    </message>
    <message>
        <source>Duty unit: %1</source>
        <translation>Đơn vị trực: %1</translation>
    </message>
    <message>
        <source>Due: %1</source>
        <translation>Thời hạn: %1</translation>
    </message>
    <message>
        <source>Written notice due: %1</source>
        <translation>Hạn thông báo bằng văn bản: %1</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Quá hạn</translation>
    </message>
</context>
<context>
    <name>IncidentTextDialog</name>
    <message>
        <source>The parent unit</source>
        <translation>Đơn vị cấp trên trực tiếp</translation>
    </message>
    <message>
        <source>Escalate to:</source>
        <translation>Chuyển lên:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>IncidentsController</name>
    <message>
        <source>Incidents</source>
        <translation>Sự vụ</translation>
    </message>
    <message>
        <source>Report incident…</source>
        <translation>Báo cáo sự vụ…</translation>
    </message>
    <message>
        <source>Report a fault, a security incident, a data leak or an abuse of the system</source>
        <translation>Báo cáo sự cố kỹ thuật, sự cố an ninh mạng, lộ lọt dữ liệu hoặc hành vi lạm dụng hệ thống</translation>
    </message>
    <message>
        <source>Your comment:</source>
        <translation>Ý kiến của bạn:</translation>
    </message>
    <message>
        <source>How was the incident resolved?</source>
        <translation>Sự vụ đã được xử lý như thế nào?</translation>
    </message>
    <message>
        <source>Why is the incident reopened?</source>
        <translation>Lý do mở lại sự vụ?</translation>
    </message>
    <message>
        <source>Why does the incident go to a higher unit?</source>
        <translation>Lý do chuyển sự vụ lên cấp trên?</translation>
    </message>
    <message>
        <source>Someone else changed this incident meanwhile. It has been refreshed: check it and try again.</source>
        <translation>Sự vụ vừa được người khác cập nhật. Thông tin đã được làm mới: hãy kiểm tra lại rồi thực hiện lại.</translation>
    </message>
    <message>
        <source>This step is not possible in the current status.</source>
        <translation>Không thể thực hiện bước này ở trạng thái hiện tại.</translation>
    </message>
    <message>
        <source>The incident must be acknowledged first.</source>
        <translation>Sự vụ phải được xác nhận trước.</translation>
    </message>
    <message>
        <source>This incident is not (or no longer) in your scope.</source>
        <translation>Sự vụ này không (hoặc không còn) thuộc phạm vi của bạn.</translation>
    </message>
    <message>
        <source>This person cannot take the incident.</source>
        <translation>Người này không thể nhận xử lý sự vụ.</translation>
    </message>
    <message>
        <source>There is no higher unit to escalate to.</source>
        <translation>Không có đơn vị cấp trên để chuyển lên.</translation>
    </message>
    <message>
        <source>This procedure step does not exist.</source>
        <translation>Bước quy trình này không tồn tại.</translation>
    </message>
    <message>
        <source>The file is larger than the hub accepts for an attachment.</source>
        <translation>Tệp lớn hơn mức máy chủ cho phép đính kèm.</translation>
    </message>
    <message>
        <source>The hub did not accept this file.</source>
        <translation>Máy chủ không chấp nhận tệp này.</translation>
    </message>
    <message>
        <source>This file is no longer on the hub.</source>
        <translation>Tệp này không còn trên máy chủ.</translation>
    </message>
    <message>
        <source>The hub&apos;s copy of this file is damaged; tell the administrator.</source>
        <translation>Bản lưu của tệp này trên máy chủ bị hỏng; hãy báo quản trị viên.</translation>
    </message>
    <message>
        <source>Your role does not allow this step.</source>
        <translation>Vai trò của bạn không được phép thực hiện bước này.</translation>
    </message>
    <message>
        <source>This camera is outside your scope.</source>
        <translation>Camera này nằm ngoài phạm vi của bạn.</translation>
    </message>
    <message>
        <source>The camera does not exist.</source>
        <translation>Camera không tồn tại.</translation>
    </message>
    <message>
        <source>The hub did not accept what was entered.</source>
        <translation>Máy chủ (hub) không chấp nhận nội dung đã nhập.</translation>
    </message>
    <message>
        <source>The hub does not answer.</source>
        <translation>Máy chủ (hub) không phản hồi.</translation>
    </message>
    <message>
        <source>The hub refused (%1).</source>
        <translation>Máy chủ (hub) từ chối (%1).</translation>
    </message>
    <message>
        <source>Incident #%1 reported.</source>
        <translation>Đã báo cáo sự vụ #%1.</translation>
    </message>
    <message>
        <source>This incident has no camera.</source>
        <translation>Sự vụ này không gắn với camera nào.</translation>
    </message>
    <message>
        <source>You may not view this incident&apos;s camera.</source>
        <translation>Bạn không có quyền xem camera của sự vụ này.</translation>
    </message>
    <message>
        <source>The camera is live; its recording needs a second tile.</source>
        <translation>Đã mở hình ảnh trực tiếp; cần thêm một ô hình để xem lại.</translation>
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
        <source>The hub&apos;s certificate has changed since this workstation last connected (now %1). Someone may be intercepting the connection. Nothing was sent. Ask your administrator to confirm the new certificate.</source>
        <translation>Chứng thư số của máy chủ điều hành đã thay đổi kể từ lần kết nối trước của máy trạm này (nay là %1). Có thể có người đang chặn kết nối. Chưa có gì được gửi đi. Hãy đề nghị quản trị viên xác nhận chứng thư mới.</translation>
    </message>
    <message>
        <source>This hub address is not encrypted (http://). Use https:// — only a hub on this computer may use http://.</source>
        <translation>Địa chỉ máy chủ điều hành này không được mã hóa (http://). Hãy dùng https:// — chỉ máy chủ chạy trên chính máy tính này mới được dùng http://.</translation>
    </message>
    <message>
        <source>The hub&apos;s certificate (%1) is not the one that was given for it. Nothing was sent.</source>
        <translation>Chứng thư số của máy chủ điều hành (%1) không khớp với chứng thư đã được cung cấp. Chưa có gì được gửi đi.</translation>
    </message>
    <message>
        <source>The hub&apos;s certificate is not trusted (%1). Nothing was sent. Compare the fingerprint with the one your administrator gave you.</source>
        <translation>Chứng thư số của máy chủ điều hành không được tin cậy (%1). Chưa có gì được gửi đi. Hãy so dấu vân tay với dấu do quản trị viên cung cấp.</translation>
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
        <source>This account already has an authenticator: log in with its one-time code. If the device is lost, ask an administrator to reset MFA.</source>
        <translation>Tài khoản này đã có ứng dụng xác thực: hãy đăng nhập bằng mã xác thực một lần (OTP) của ứng dụng đó. Nếu mất thiết bị, hãy đề nghị quản trị viên đặt lại xác thực đa yếu tố (MFA).</translation>
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
        <source>Verify a package…</source>
        <translation>Kiểm tra gói chứng cứ…</translation>
    </message>
    <message>
        <source>Check an evidence package file on this machine, without signing in.</source>
        <translation>Kiểm tra một tệp gói chứng cứ trên máy này, không cần đăng nhập.</translation>
    </message>
    <message>
        <source>Log in to the control-room hub</source>
        <translation>Đăng nhập máy chủ điều hành (hub)</translation>
    </message>
    <message>
        <source>https://hub:8470 — several: separate by commas</source>
        <translation>https://hub:8470 — nhiều máy chủ: phân cách bằng dấu phẩy</translation>
    </message>
    <message>
        <source>The hub&apos;s address. Several hubs of the same system, separated by commas: the console switches to the next one that answers if its hub stops answering.</source>
        <translation>Địa chỉ máy chủ điều hành (hub). Nhiều máy chủ của cùng một hệ thống, phân cách bằng dấu phẩy: khi máy chủ đang dùng không phản hồi, bàn điều khiển chuyển sang máy chủ tiếp theo còn phản hồi.</translation>
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
    <message>
        <source>New hub certificate</source>
        <translation>Chứng thư số mới của máy chủ điều hành</translation>
    </message>
    <message>
        <source>This workstation has not connected to %1 before. Compare the certificate fingerprint below with the one your administrator gave you. Trust it only if every character matches.</source>
        <translation>Máy trạm này chưa từng kết nối tới %1. Hãy so dấu vân tay chứng thư số dưới đây với dấu do quản trị viên cung cấp. Chỉ tin cậy khi mọi ký tự đều khớp.</translation>
    </message>
    <message>
        <source>Trust this hub</source>
        <translation>Tin cậy máy chủ này</translation>
    </message>
    <message>
        <source>Do not connect</source>
        <translation>Không kết nối</translation>
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
        <source>Diagnostics</source>
        <translation>Chẩn đoán</translation>
    </message>
    <message>
        <source>Versions, how video is drawn (GPU or CPU), the hub: for support</source>
        <translation>Phiên bản, cách vẽ video (GPU hay CPU), máy chủ (hub): để hỗ trợ kỹ thuật</translation>
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
    <name>MediaDialog</name>
    <message>
        <source>Add clip or snapshot</source>
        <translation>Thêm đoạn video, ảnh chụp</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>&amp;Clip (cut from the archive, no re-encoding)</source>
        <translation>Đoạn &amp;video (cắt từ dữ liệu lưu trữ, không mã hóa lại)</translation>
    </message>
    <message>
        <source>&amp;Snapshot at the start time</source>
        <translation>Ảnh &amp;chụp tại thời điểm bắt đầu</translation>
    </message>
    <message>
        <source>Ca&amp;mera:</source>
        <translation>Ca&amp;mera:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Từ:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>Đế&amp;n:</translation>
    </message>
    <message>
        <source>Only the case&apos;s cameras, within their time ranges; a clip is at most one hour.</source>
        <translation>Chỉ camera của vụ việc, trong khoảng thời gian của vụ việc; mỗi đoạn video tối đa một giờ.</translation>
    </message>
</context>
<context>
    <name>MediaPlayerDialog</name>
    <message>
        <source>SHA-256: %1</source>
        <translation>SHA-256: %1</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New violation case</source>
        <translation>Lập vụ việc vi phạm</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Lập vụ việc</translation>
    </message>
    <message>
        <source>Add a camera</source>
        <translation>Thêm camera</translation>
    </message>
    <message>
        <source>e.g. 20A-123.45</source>
        <translation>ví dụ 20A-123.45</translation>
    </message>
    <message>
        <source>&amp;Origin:</source>
        <translation>&amp;Nguồn:</translation>
    </message>
    <message>
        <source>&amp;Violation:</source>
        <translation>&amp;Hành vi:</translation>
    </message>
    <message>
        <source>Cameras and times:</source>
        <translation>Camera và thời gian:</translation>
    </message>
    <message>
        <source>&amp;Place:</source>
        <translation>Địa đ&amp;iểm:</translation>
    </message>
    <message>
        <source>Pla&amp;te:</source>
        <translation>&amp;Biển số:</translation>
    </message>
    <message>
        <source>Vehicle &amp;type:</source>
        <translation>&amp;Loại phương tiện:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Mô tả:</translation>
    </message>
    <message>
        <source>The case goes to the competent police unit within 5 working days of detection (DH 11.3a).</source>
        <translation>Vụ việc phải chuyển cơ quan công an có thẩm quyền trong 5 ngày làm việc kể từ khi phát hiện (DH 11.3a).</translation>
    </message>
    <message>
        <source>Car</source>
        <translation>Ô tô</translation>
    </message>
    <message>
        <source>Motorbike</source>
        <translation>Xe máy</translation>
    </message>
    <message>
        <source>Truck</source>
        <translation>Xe tải</translation>
    </message>
    <message>
        <source>Bus</source>
        <translation>Xe khách</translation>
    </message>
    <message>
        <source>Bicycle</source>
        <translation>Xe đạp</translation>
    </message>
    <message>
        <source>Other vehicle</source>
        <translation>Phương tiện khác</translation>
    </message>
</context>
<context>
    <name>OfflineVerifier</name>
    <message>
        <source>Paste the key fingerprint that the sending hub published (sha256:…). Empty: the key inside the package is used (the package is shown intact, not who signed it).</source>
        <translation>Dán dấu vân tay khóa do hub gửi gói công bố (sha256:…). Để trống: dùng khóa có trong gói (chỉ cho biết gói nguyên vẹn, không chứng minh ai đã ký).</translation>
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
        <source>The recordings of a dedicated system open only with a reason.</source>
        <translation>Chỉ được xem lại camera của hệ thống dùng riêng khi có lý do.</translation>
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
    <name>PackageDecisionDialog</name>
    <message>
        <source>Approve package</source>
        <translation>Phê duyệt gói</translation>
    </message>
    <message>
        <source>Reject package</source>
        <translation>Từ chối gói</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Phê duyệt</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Ghi chú:</translation>
    </message>
</context>
<context>
    <name>PackageExportDialog</name>
    <message>
        <source>Evidence package</source>
        <translation>Gói chứng cứ</translation>
    </message>
    <message>
        <source>Include the original footage (needs a second approval)</source>
        <translation>Kèm dữ liệu gốc (cần người thứ hai phê duyệt)</translation>
    </message>
    <message>
        <source>Include the original footage</source>
        <translation>Kèm dữ liệu gốc</translation>
    </message>
    <message>
        <source>The package holds watermarked copies, events, the chain of custody and a summary, signed and time-stamped by the hub; it can be downloaded once.</source>
        <translation>Gói gồm bản sao có dấu chìm, sự kiện, chuỗi lưu giữ chứng cứ và bản tóm tắt, được hub ký số và gắn dấu thời gian; chỉ tải về được một lần.</translation>
    </message>
</context>
<context>
    <name>PackageVerifier</name>
    <message>
        <source>Choose an evidence package</source>
        <translation>Chọn gói chứng cứ</translation>
    </message>
    <message>
        <source>Verify a package…</source>
        <translation>Kiểm tra gói chứng cứ…</translation>
    </message>
    <message>
        <source>Empty: the key inside the package is used (the package is shown intact, not that it comes from this hub).</source>
        <translation>Để trống: dùng khóa có trong gói (chỉ cho biết gói nguyên vẹn, không chứng minh gói do hub này lập).</translation>
    </message>
    <message>
        <source>The key of the hub you are signed in to.</source>
        <translation>Khóa của hub bạn đang đăng nhập.</translation>
    </message>
    <message>
        <source>Checking the package…</source>
        <translation>Đang kiểm tra gói…</translation>
    </message>
    <message>
        <source>This file is not an evidence package.</source>
        <translation>Tệp này không phải là gói chứng cứ.</translation>
    </message>
    <message>
        <source>The trusted key is neither a fingerprint nor a public key.</source>
        <translation>Khóa tin cậy không phải là dấu vân tay hay khóa công khai.</translation>
    </message>
    <message>
        <source>The package cannot be read: %1</source>
        <translation>Không đọc được gói: %1</translation>
    </message>
    <message>
        <source>The package is intact: every file, the hub&apos;s signature and the time-stamp check out.</source>
        <translation>Gói chứng cứ nguyên vẹn: mọi tệp, chữ ký số của hub và dấu thời gian đều hợp lệ.</translation>
    </message>
    <message>
        <source>The package does not verify:</source>
        <translation>Gói chứng cứ không hợp lệ:</translation>
    </message>
    <message>
        <source>Time-stamped by the hub itself (no time-stamping authority)</source>
        <translation>Dấu thời gian do hub tự ký (không có đơn vị cấp dấu thời gian)</translation>
    </message>
    <message>
        <source>RFC 3161 time-stamping authority</source>
        <translation>Đơn vị cấp dấu thời gian RFC 3161</translation>
    </message>
    <message>
        <source>File %1 is missing</source>
        <translation>Thiếu tệp %1</translation>
    </message>
    <message>
        <source>File %1: hash mismatch</source>
        <translation>Tệp %1: mã băm không khớp</translation>
    </message>
    <message>
        <source>File %1 appears twice</source>
        <translation>Tệp %1 xuất hiện hai lần</translation>
    </message>
    <message>
        <source>File %1 cannot be read</source>
        <translation>Không đọc được tệp %1</translation>
    </message>
    <message>
        <source>Extra file %1</source>
        <translation>Tệp thừa %1</translation>
    </message>
    <message>
        <source>The signature is invalid</source>
        <translation>Chữ ký số không hợp lệ</translation>
    </message>
    <message>
        <source>The key is not the trusted one</source>
        <translation>Khóa ký không phải khóa tin cậy</translation>
    </message>
    <message>
        <source>The time-stamp is invalid</source>
        <translation>Dấu thời gian không hợp lệ</translation>
    </message>
    <message>
        <source>The manifest&apos;s content digest does not match its file list</source>
        <translation>Mã tổng hợp nội dung của bản kê không khớp với danh sách tệp</translation>
    </message>
    <message>
        <source>The public key in the package is not the one the manifest names</source>
        <translation>Khóa công khai trong gói không phải khóa mà bản kê ghi</translation>
    </message>
    <message>
        <source>The manifest is not a valid package manifest</source>
        <translation>Bản kê không phải bản kê gói chứng cứ hợp lệ</translation>
    </message>
    <message>
        <source>The time-stamping authority was checked against the certificates in the package, not against a root you trust.</source>
        <translation>Đơn vị cấp dấu thời gian được kiểm tra theo chứng thư trong gói, không theo chứng thư gốc bạn tin cậy.</translation>
    </message>
</context>
<context>
    <name>PrivacyController</name>
    <message>
        <source>You may not change this camera&apos;s privacy masks.</source>
        <translation>Bạn không có quyền thay đổi vùng che riêng tư của camera này.</translation>
    </message>
    <message>
        <source>This camera is outside your scope.</source>
        <translation>Camera này nằm ngoài phạm vi của bạn.</translation>
    </message>
    <message>
        <source>An area has no surface; draw it again.</source>
        <translation>Một vùng không có diện tích; hãy vẽ lại.</translation>
    </message>
    <message>
        <source>The masks changed meanwhile; open them again.</source>
        <translation>Vùng che đã bị thay đổi trong lúc này; hãy mở lại.</translation>
    </message>
    <message>
        <source>The camera&apos;s picture could not be read.</source>
        <translation>Không đọc được hình ảnh của camera.</translation>
    </message>
    <message>
        <source>The hub refused (%1).</source>
        <translation>Máy chủ từ chối (%1).</translation>
    </message>
</context>
<context>
    <name>PrivacyMaskEditor</name>
    <message>
        <source>Privacy masks — %1</source>
        <translation>Vùng che riêng tư — %1</translation>
    </message>
    <message>
        <source>Click to add a corner, double-click or Enter to close the area; click an area and press Delete to remove it.</source>
        <translation>Nhấp để thêm một góc, nhấp đúp hoặc nhấn Enter để khép vùng; nhấp vào một vùng rồi nhấn Delete để xóa.</translation>
    </message>
    <message>
        <source>Delete area</source>
        <translation>Xóa vùng</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
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
        <source>This camera of a dedicated system is steered only with a reason.</source>
        <translation>Chỉ được điều khiển camera của hệ thống dùng riêng khi có lý do.</translation>
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
    <name>PublicationsPanel</name>
    <message>
        <source>Medium</source>
        <translation>Dữ liệu</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kênh</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Published by</source>
        <translation>Người công bố</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Đã công bố</translation>
    </message>
    <message>
        <source>Blurred</source>
        <translation>Số ô làm mờ</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>&amp;Publish for citizens…</source>
        <translation>&amp;Công bố cho người dân…</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>Đang xử lý…</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Lỗi</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <source>Publish for citizens — %1</source>
        <translation>Công bố cho người dân — %1</translation>
    </message>
    <message>
        <source>&amp;Add box</source>
        <translation>&amp;Thêm ô</translation>
    </message>
    <message>
        <source>&amp;Delete box</source>
        <translation>&amp;Xóa ô</translation>
    </message>
    <message>
        <source>Preview &amp;blur</source>
        <translation>Xem trước &amp;làm mờ</translation>
    </message>
    <message>
        <source>Note (what is published and why)</source>
        <translation>Ghi chú (công bố nội dung gì và vì sao)</translation>
    </message>
    <message>
        <source>Faces and plates of uninvolved people must be blurred: click a box to select it, drag to move, drag its corner to resize (at the current time), Delete to remove.</source>
        <translation>Phải làm mờ khuôn mặt và biển số của người không liên quan: bấm vào ô để chọn, kéo để di chuyển, kéo góc để đổi kích thước (tại thời điểm hiện tại), phím Delete để xóa.</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>&amp;Công bố</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>PublishingActions</name>
    <message>
        <source>Publications</source>
        <translation>Công bố</translation>
    </message>
    <message>
        <source>The hub is looking for faces and plates…</source>
        <translation>Máy chủ đang tìm khuôn mặt và biển số…</translation>
    </message>
    <message>
        <source>Fetching the blurred frame…</source>
        <translation>Đang lấy khung hình đã làm mờ…</translation>
    </message>
    <message>
        <source>The hub&apos;s preview picture could not be read.</source>
        <translation>Không đọc được ảnh xem trước của máy chủ.</translation>
    </message>
    <message>
        <source>The hub is blurring and publishing the medium…</source>
        <translation>Máy chủ đang làm mờ và công bố dữ liệu…</translation>
    </message>
    <message>
        <source>Published for citizens (SHA-256 %1).</source>
        <translation>Đã công bố cho người dân (SHA-256 %1).</translation>
    </message>
    <message>
        <source>Your role does not allow publishing for citizens.</source>
        <translation>Vai trò của bạn không được phép công bố cho người dân.</translation>
    </message>
    <message>
        <source>Only a concluded case can be published for citizens (TN 9.2d).</source>
        <translation>Chỉ vụ việc đã có kết luận mới được công bố cho người dân (TN 9.2d).</translation>
    </message>
    <message>
        <source>That medium is not in the case.</source>
        <translation>Dữ liệu này không thuộc vụ việc.</translation>
    </message>
    <message>
        <source>A box lies beyond the end of the clip.</source>
        <translation>Có ô làm mờ nằm sau thời điểm kết thúc đoạn video.</translation>
    </message>
    <message>
        <source>The hub could not look for faces and plates; draw the boxes by hand.</source>
        <translation>Máy chủ không tìm được khuôn mặt và biển số; hãy vẽ ô làm mờ bằng tay.</translation>
    </message>
    <message>
        <source>The hub could not blur the medium.</source>
        <translation>Máy chủ không làm mờ được dữ liệu.</translation>
    </message>
    <message>
        <source>The hub stopped three times while blurring the medium; try again.</source>
        <translation>Máy chủ đã ba lần dừng giữa chừng khi làm mờ dữ liệu; hãy thử lại.</translation>
    </message>
    <message>
        <source>The publication was not found.</source>
        <translation>Không tìm thấy bản công bố.</translation>
    </message>
    <message>
        <source>The publication is not ready.</source>
        <translation>Bản công bố chưa sẵn sàng.</translation>
    </message>
    <message>
        <source>The published copy is missing on the hub; tell the administrator.</source>
        <translation>Bản đã công bố bị mất trên máy chủ; hãy báo quản trị viên.</translation>
    </message>
    <message>
        <source>A box is not valid (too small, outside the picture, or its times do not increase).</source>
        <translation>Có ô làm mờ không hợp lệ (quá nhỏ, nằm ngoài khung hình, hoặc thời điểm không tăng dần).</translation>
    </message>
    <message>
        <source>City app</source>
        <translation>Ứng dụng thành phố</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Report incident</source>
        <translation>Báo cáo sự vụ</translation>
    </message>
    <message>
        <source>No camera</source>
        <translation>Không gắn camera</translation>
    </message>
    <message>
        <source>What happened, since when, what has been done</source>
        <translation>Việc gì đã xảy ra, từ khi nào, đã xử lý những gì</translation>
    </message>
    <message>
        <source>A cyber-security incident or a personal data leak must be notified in writing within 72 hours (TN 11.5).</source>
        <translation>Sự cố an ninh mạng hoặc lộ lọt dữ liệu cá nhân phải được thông báo bằng văn bản trong vòng 72 giờ (TN 11.5).</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Loại:</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Tiêu đề:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Mô tả:</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>Hub %1 stopped answering: the console switched to hub %2.</source>
        <translation>Máy chủ (hub) %1 không còn phản hồi: bàn điều khiển đã chuyển sang máy chủ %2.</translation>
    </message>
    <message>
        <source>Hub %1 presented a certificate this workstation does not trust: the console did not switch to it. Ask your administrator to confirm its certificate.</source>
        <translation>Máy chủ (hub) %1 xuất trình chứng thư số mà máy trạm này không tin cậy: bàn điều khiển không chuyển sang máy chủ đó. Hãy đề nghị quản trị viên xác nhận chứng thư số của máy chủ.</translation>
    </message>
</context>
<context>
    <name>StorageDevicesDialog</name>
    <message>
        <source>Registered storage devices</source>
        <translation>Thiết bị lưu trữ đã đăng ký</translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation>Mã định danh</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Owner unit</source>
        <translation>Đơn vị sở hữu</translation>
    </message>
    <message>
        <source>Asset number</source>
        <translation>Số tài sản</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Ngày đăng ký</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>&amp;Revoke</source>
        <translation>&amp;Thu hồi</translation>
    </message>
    <message>
        <source>Read from a &amp;volume…</source>
        <translation>Đọc từ ổ đĩ&amp;a…</translation>
    </message>
    <message>
        <source>Owned by a state body (TN 9.2c)</source>
        <translation>Thuộc sở hữu của cơ quan nhà nước (TN 9.2c)</translation>
    </message>
    <message>
        <source>Re&amp;gister</source>
        <translation>Đăn&amp;g ký</translation>
    </message>
    <message>
        <source>&amp;Identifier:</source>
        <translation>&amp;Mã định danh:</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>&amp;Tên:</translation>
    </message>
    <message>
        <source>&amp;Owner unit:</source>
        <translation>Đơn vị &amp;sở hữu:</translation>
    </message>
    <message>
        <source>&amp;Asset number:</source>
        <translation>Số tài &amp;sản:</translation>
    </message>
    <message>
        <source>Revoked %1</source>
        <translation>Thu hồi %1</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Đang sử dụng</translation>
    </message>
    <message>
        <source>No identifier could be read from this volume&apos;s device.</source>
        <translation>Không đọc được mã định danh từ thiết bị của ổ đĩa này.</translation>
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
    <name>VerifyDialog</name>
    <message>
        <source>Verify a package…</source>
        <translation>Kiểm tra gói chứng cứ…</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>C&amp;họn…</translation>
    </message>
    <message>
        <source>&amp;Package:</source>
        <translation>&amp;Gói:</translation>
    </message>
    <message>
        <source>Trusted key fingerprint</source>
        <translation>Dấu vân tay khóa tin cậy</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Kiểm tra</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Signed with key %1</source>
        <translation>Ký bằng khóa %1</translation>
    </message>
    <message>
        <source>Time-stamp: %1</source>
        <translation>Dấu thời gian: %1</translation>
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
<context>
    <name>WithdrawDialog</name>
    <message>
        <source>Withdraw the request</source>
        <translation>Rút đề nghị</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Rút</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Lý do:</translation>
    </message>
</context>
</TS>
