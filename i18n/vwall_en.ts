<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccessReasonDialog</name>
    <message>
        <source>Reason for access</source>
        <translation>Reason for access</translation>
    </message>
    <message>
        <source>%1 belongs to a dedicated system. Under the regulation the central operator may open it only for one of these reasons, which is recorded in the audit trail.</source>
        <translation>%1 belongs to a dedicated system. Under the regulation the central operator may open it only for one of these reasons, which is recorded in the audit trail.</translation>
    </message>
    <message>
        <source>Details (document number, order, fault ticket):</source>
        <translation>Details (document number, order, fault ticket):</translation>
    </message>
    <message>
        <source>e.g. written request no. 12/CV-CAT</source>
        <translation>e.g. written request no. 12/CV-CAT</translation>
    </message>
    <message>
        <source>Open the camera</source>
        <translation>Open the camera</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Emergency command and direction by the provincial leaders</source>
        <translation>Emergency command and direction by the provincial leaders</translation>
    </message>
    <message>
        <source>Mandatory technical work to handle a connection fault</source>
        <translation>Mandatory technical work to handle a connection fault</translation>
    </message>
    <message>
        <source>Written request of a competent state authority, or as the law requires</source>
        <translation>Written request of a competent state authority, or as the law requires</translation>
    </message>
</context>
<context>
    <name>ApprovalDecisionDialog</name>
    <message>
        <source>Endorse extraction request</source>
        <translation>Endorse extraction request</translation>
    </message>
    <message>
        <source>Decide extraction</source>
        <translation>Decide extraction</translation>
    </message>
    <message>
        <source>Record decision</source>
        <translation>Record decision</translation>
    </message>
    <message>
        <source>&amp;Forward to the approver</source>
        <translation>&amp;Forward to the approver</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approve</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Reject</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Note:</translation>
    </message>
</context>
<context>
    <name>ApprovalRequests</name>
    <message>
        <source>Approval requests</source>
        <translation>Approval requests</translation>
    </message>
    <message>
        <source>&amp;Decide…</source>
        <translation>&amp;Decide…</translation>
    </message>
    <message>
        <source>A&amp;pprove…</source>
        <translation>A&amp;pprove…</translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation>&amp;Reject…</translation>
    </message>
    <message>
        <source>Open &amp;case</source>
        <translation>Open &amp;case</translation>
    </message>
    <message>
        <source>Approval requests waiting: %1</source>
        <translation>Approval requests waiting: %1</translation>
    </message>
    <message>
        <source>Endorse (unit leader)</source>
        <translation>Endorse (unit leader)</translation>
    </message>
    <message>
        <source>Approve or reject</source>
        <translation>Approve or reject</translation>
    </message>
    <message>
        <source>Package with the original footage %1: approve or reject</source>
        <translation>Package with the original footage %1: approve or reject</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>Assign incident</source>
        <translation>Assign incident</translation>
    </message>
    <message>
        <source>Give the incident to:</source>
        <translation>Give the incident to:</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Assign</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Nobody can take this incident.</source>
        <translation>Nobody can take this incident.</translation>
    </message>
</context>
<context>
    <name>BoxCanvas</name>
    <message>
        <source>Face</source>
        <translation>Face</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manual</translation>
    </message>
</context>
<context>
    <name>CameraTree</name>
    <message>
        <source>Search code or name</source>
        <translation>Search code or name</translation>
    </message>
    <message>
        <source>By territory</source>
        <translation>By territory</translation>
    </message>
    <message>
        <source>By operating unit</source>
        <translation>By operating unit</translation>
    </message>
    <message>
        <source>By domain</source>
        <translation>By domain</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Degraded</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>Traffic</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>Education</source>
        <translation>Education</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environment</translation>
    </message>
    <message>
        <source>Industrial zones</source>
        <translation>Industrial zones</translation>
    </message>
    <message>
        <source>Urban management</source>
        <translation>Urban management</translation>
    </message>
    <message>
        <source>Security and order</source>
        <translation>Security and order</translation>
    </message>
    <message>
        <source>Tourism</source>
        <translation>Tourism</translation>
    </message>
    <message>
        <source>No domain</source>
        <translation>No domain</translation>
    </message>
    <message>
        <source>Last seen: %1</source>
        <translation>Last seen: %1</translation>
    </message>
    <message>
        <source>Never seen</source>
        <translation>Never seen</translation>
    </message>
    <message>
        <source>Clock offset: %1 s</source>
        <translation>Clock offset: %1 s</translation>
    </message>
    <message>
        <source>the camera&apos;s clock is wrong</source>
        <translation>the camera&apos;s clock is wrong</translation>
    </message>
    <message>
        <source>No territory</source>
        <translation>No territory</translation>
    </message>
    <message>
        <source>No unit</source>
        <translation>No unit</translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation>Favourites</translation>
    </message>
    <message>
        <source>Remove from favourites</source>
        <translation>Remove from favourites</translation>
    </message>
    <message>
        <source>Add to favourites</source>
        <translation>Add to favourites</translation>
    </message>
    <message>
        <source>Open on the selected tile</source>
        <translation>Open on the selected tile</translation>
    </message>
    <message>
        <source>Privacy masks…</source>
        <translation>Privacy masks…</translation>
    </message>
</context>
<context>
    <name>CaseBoard</name>
    <message>
        <source>New case…</source>
        <translation>New case…</translation>
    </message>
    <message>
        <source>Deadline board</source>
        <translation>Deadline board</translation>
    </message>
    <message>
        <source>Cases: %1 · Inbox: %2 · Due soon: %3 · Overdue: %4</source>
        <translation>Cases: %1 · Inbox: %2 · Due soon: %3 · Overdue: %4</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Both sides</source>
        <translation>Both sides</translation>
    </message>
    <message>
        <source>Search number, place or plate</source>
        <translation>Search number, place or plate</translation>
    </message>
    <message>
        <source>&amp;Due soon</source>
        <translation>&amp;Due soon</translation>
    </message>
    <message>
        <source>O&amp;verdue</source>
        <translation>O&amp;verdue</translation>
    </message>
    <message>
        <source>&amp;Inbox</source>
        <translation>&amp;Inbox</translation>
    </message>
    <message>
        <source>Open only</source>
        <translation>Open only</translation>
    </message>
</context>
<context>
    <name>CaseLabels</name>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Violation</source>
        <translation>Violation</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>To act</source>
        <translation>To act</translation>
    </message>
    <message>
        <source>Next deadline</source>
        <translation>Next deadline</translation>
    </message>
    <message>
        <source>Police unit</source>
        <translation>Police unit</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Sent to the police</source>
        <translation>Sent to the police</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>Verifying</translation>
    </message>
    <message>
        <source>Violator identified</source>
        <translation>Violator identified</translation>
    </message>
    <message>
        <source>Record made</source>
        <translation>Record made</translation>
    </message>
    <message>
        <source>Penalty decided</source>
        <translation>Penalty decided</translation>
    </message>
    <message>
        <source>Concluded</source>
        <translation>Concluded</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Running a red light</source>
        <translation>Running a red light</translation>
    </message>
    <message>
        <source>Wrong lane</source>
        <translation>Wrong lane</translation>
    </message>
    <message>
        <source>Illegal stopping or parking</source>
        <translation>Illegal stopping or parking</translation>
    </message>
    <message>
        <source>Speeding</source>
        <translation>Speeding</translation>
    </message>
    <message>
        <source>Littering or illegal dumping</source>
        <translation>Littering or illegal dumping</translation>
    </message>
    <message>
        <source>Urban order</source>
        <translation>Urban order</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>IOC</source>
        <translation>IOC</translation>
    </message>
    <message>
        <source>Police</source>
        <translation>Police</translation>
    </message>
    <message>
        <source>Hand over to the police</source>
        <translation>Hand over to the police</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>Make the violation record</source>
        <translation>Make the violation record</translation>
    </message>
    <message>
        <source>Transfer to the competent unit</source>
        <translation>Transfer to the competent unit</translation>
    </message>
    <message>
        <source>Penalty decision</source>
        <translation>Penalty decision</translation>
    </message>
    <message>
        <source>Tell the IOC the conclusion</source>
        <translation>Tell the IOC the conclusion</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>Met late</source>
        <translation>Met late</translation>
    </message>
    <message>
        <source>No longer applies</source>
        <translation>No longer applies</translation>
    </message>
    <message>
        <source>Add clip or snapshot…</source>
        <translation>Add clip or snapshot…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Send to the police…</source>
        <translation>Send to the police…</translation>
    </message>
    <message>
        <source>Accept…</source>
        <translation>Accept…</translation>
    </message>
    <message>
        <source>Mark complex…</source>
        <translation>Mark complex…</translation>
    </message>
    <message>
        <source>Violator identified…</source>
        <translation>Violator identified…</translation>
    </message>
    <message>
        <source>Record made…</source>
        <translation>Record made…</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <source>Extend the decision time…</source>
        <translation>Extend the decision time…</translation>
    </message>
    <message>
        <source>Penalty decided…</source>
        <translation>Penalty decided…</translation>
    </message>
    <message>
        <source>Conclude…</source>
        <translation>Conclude…</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>Close case</translation>
    </message>
    <message>
        <source>Cancel case…</source>
        <translation>Cancel case…</translation>
    </message>
    <message>
        <source>Comment…</source>
        <translation>Comment…</translation>
    </message>
    <message>
        <source>Request extraction…</source>
        <translation>Request extraction…</translation>
    </message>
    <message>
        <source>Fast extraction…</source>
        <translation>Fast extraction…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Case opened</source>
        <translation>Case opened</translation>
    </message>
    <message>
        <source>Draft changed</source>
        <translation>Draft changed</translation>
    </message>
    <message>
        <source>Clip added</source>
        <translation>Clip added</translation>
    </message>
    <message>
        <source>Snapshot added</source>
        <translation>Snapshot added</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Marked complex</source>
        <translation>Marked complex</translation>
    </message>
    <message>
        <source>Violation record made</source>
        <translation>Violation record made</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>Decision time extended</source>
        <translation>Decision time extended</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Extraction requested</source>
        <translation>Extraction requested</translation>
    </message>
    <message>
        <source>Fast extraction</source>
        <translation>Fast extraction</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Exported</translation>
    </message>
    <message>
        <source>Deadline missed</source>
        <translation>Deadline missed</translation>
    </message>
    <message>
        <source>Penalised</source>
        <translation>Penalised</translation>
    </message>
    <message>
        <source>No violation</source>
        <translation>No violation</translation>
    </message>
    <message>
        <source>Violator not identified</source>
        <translation>Violator not identified</translation>
    </message>
    <message>
        <source>The violator asks to explain (1 month)</source>
        <translation>The violator asks to explain (1 month)</translation>
    </message>
    <message>
        <source>Facts need checking (1 month)</source>
        <translation>Facts need checking (1 month)</translation>
    </message>
    <message>
        <source>Especially complex (2 months)</source>
        <translation>Especially complex (2 months)</translation>
    </message>
    <message>
        <source>Urban order violation</source>
        <translation>Urban order violation</translation>
    </message>
    <message>
        <source>Illegal dumping</source>
        <translation>Illegal dumping</translation>
    </message>
    <message>
        <source>Security and order</source>
        <translation>Security and order</translation>
    </message>
    <message>
        <source>Administrative violation in progress</source>
        <translation>Administrative violation in progress</translation>
    </message>
    <message>
        <source>Waiting for the unit leader</source>
        <translation>Waiting for the unit leader</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Waiting for approval</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Fast extraction (dossier due)</source>
        <translation>Fast extraction (dossier due)</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>Clip</source>
        <translation>Clip</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Snapshot</translation>
    </message>
</context>
<context>
    <name>CaseMediaActions</name>
    <message>
        <source>Choose the volume of the device</source>
        <translation>Choose the volume of the device</translation>
    </message>
    <message>
        <source>Fetching the stored file from the hub…</source>
        <translation>Fetching the stored file from the hub…</translation>
    </message>
    <message>
        <source>Export needs an approved extraction request first.</source>
        <translation>Export needs an approved extraction request first.</translation>
    </message>
    <message>
        <source>Copying %1 file(s) to the device…</source>
        <translation>Copying %1 file(s) to the device…</translation>
    </message>
    <message>
        <source>The hub could not be told how the copy went.</source>
        <translation>The hub could not be told how the copy went.</translation>
    </message>
    <message>
        <source>Export copied and verified to %1.</source>
        <translation>Export copied and verified to %1.</translation>
    </message>
    <message>
        <source>The export was NOT copied completely.</source>
        <translation>The export was NOT copied completely.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>The device on this volume is not the one the hub checked; nothing was written.</source>
        <translation>The device on this volume is not the one the hub checked; nothing was written.</translation>
    </message>
    <message>
        <source>The device was removed or stopped answering.</source>
        <translation>The device was removed or stopped answering.</translation>
    </message>
    <message>
        <source>The device is full.</source>
        <translation>The device is full.</translation>
    </message>
    <message>
        <source>The device is read-only.</source>
        <translation>The device is read-only.</translation>
    </message>
    <message>
        <source>The SHA-256 of the copy differs from the hub&apos;s; the copy was removed.</source>
        <translation>The SHA-256 of the copy differs from the hub&apos;s; the copy was removed.</translation>
    </message>
    <message>
        <source>The hub did not hand out the file.</source>
        <translation>The hub did not hand out the file.</translation>
    </message>
    <message>
        <source>The file could not be written.</source>
        <translation>The file could not be written.</translation>
    </message>
    <message>
        <source>Only the technical administration keeps the device register.</source>
        <translation>Only the technical administration keeps the device register.</translation>
    </message>
    <message>
        <source>%1 registered.</source>
        <translation>%1 registered.</translation>
    </message>
    <message>
        <source>%1 revoked.</source>
        <translation>%1 revoked.</translation>
    </message>
</context>
<context>
    <name>CaseOpener</name>
    <message>
        <source>Select a tile with a camera.</source>
        <translation>Select a tile with a camera.</translation>
    </message>
    <message>
        <source>Select a tile with a camera and a range on its timeline (Shift+drag, or [ and ] at the cursor).</source>
        <translation>Select a tile with a camera and a range on its timeline (Shift+drag, or [ and ] at the cursor).</translation>
    </message>
    <message>
        <source>This incident has no camera.</source>
        <translation>This incident has no camera.</translation>
    </message>
</context>
<context>
    <name>CaseStepDialog</name>
    <message>
        <source>Choose the police unit</source>
        <translation>Choose the police unit</translation>
    </message>
    <message>
        <source>Police &amp;unit:</source>
        <translation>Police &amp;unit:</translation>
    </message>
    <message>
        <source>&amp;Complex: 2 months to verify (DH 11.3b)</source>
        <translation>&amp;Complex: 2 months to verify (DH 11.3b)</translation>
    </message>
    <message>
        <source>Verification is due 1 month from receipt (DH 11.3b).</source>
        <translation>Verification is due 1 month from receipt (DH 11.3b).</translation>
    </message>
    <message>
        <source>&amp;Violator:</source>
        <translation>&amp;Violator:</translation>
    </message>
    <message>
        <source>The violation record is due within 3 working days (DH 13.1).</source>
        <translation>The violation record is due within 3 working days (DH 13.1).</translation>
    </message>
    <message>
        <source>&amp;Record number:</source>
        <translation>&amp;Record number:</translation>
    </message>
    <message>
        <source>&amp;Decision number:</source>
        <translation>&amp;Decision number:</translation>
    </message>
    <message>
        <source>&amp;Outside our authority: transfer within 24 hours (DH 13.1)</source>
        <translation>&amp;Outside our authority: transfer within 24 hours (DH 13.1)</translation>
    </message>
    <message>
        <source>&amp;Why:</source>
        <translation>&amp;Why:</translation>
    </message>
    <message>
        <source>&amp;Outcome:</source>
        <translation>&amp;Outcome:</translation>
    </message>
    <message>
        <source>&amp;Conclusion:</source>
        <translation>&amp;Conclusion:</translation>
    </message>
    <message>
        <source>&amp;Comment:</source>
        <translation>&amp;Comment:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <source>Closing ends the legal hold on the case&apos;s media and events.</source>
        <translation>Closing ends the legal hold on the case&apos;s media and events.</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <source>Overdue: %1</source>
        <translation>Overdue: %1</translation>
    </message>
    <message>
        <source>Due soon: %1</source>
        <translation>Due soon: %1</translation>
    </message>
    <message>
        <source>Operating unit: %1</source>
        <translation>Operating unit: %1</translation>
    </message>
    <message>
        <source>Police unit: %1</source>
        <translation>Police unit: %1</translation>
    </message>
    <message>
        <source>In your inbox: waiting to be accepted</source>
        <translation>In your inbox: waiting to be accepted</translation>
    </message>
</context>
<context>
    <name>CaseTexts</name>
    <message>
        <source>Someone else changed this case meanwhile. It has been refreshed: check it and try again.</source>
        <translation>Someone else changed this case meanwhile. It has been refreshed: check it and try again.</translation>
    </message>
    <message>
        <source>This step is not possible in the case&apos;s status.</source>
        <translation>This step is not possible in the case&apos;s status.</translation>
    </message>
    <message>
        <source>This case is not (or no longer) visible to you.</source>
        <translation>This case is not (or no longer) visible to you.</translation>
    </message>
    <message>
        <source>The case has no media yet: add a clip or a snapshot.</source>
        <translation>The case has no media yet: add a clip or a snapshot.</translation>
    </message>
    <message>
        <source>That unit is not a competent police unit.</source>
        <translation>That unit is not a competent police unit.</translation>
    </message>
    <message>
        <source>That outcome does not fit the case&apos;s status.</source>
        <translation>That outcome does not fit the case&apos;s status.</translation>
    </message>
    <message>
        <source>That camera is not one of the case&apos;s cameras.</source>
        <translation>That camera is not one of the case&apos;s cameras.</translation>
    </message>
    <message>
        <source>That time is outside the case&apos;s range on the camera.</source>
        <translation>That time is outside the case&apos;s range on the camera.</translation>
    </message>
    <message>
        <source>A camera&apos;s time range lies in the future.</source>
        <translation>A camera&apos;s time range lies in the future.</translation>
    </message>
    <message>
        <source>The detection time lies in the future.</source>
        <translation>The detection time lies in the future.</translation>
    </message>
    <message>
        <source>The extraction request was not found.</source>
        <translation>The extraction request was not found.</translation>
    </message>
    <message>
        <source>Some of the media are not in the case.</source>
        <translation>Some of the media are not in the case.</translation>
    </message>
    <message>
        <source>This storage device is not registered as state-owned: nothing was exported, and the attempt was recorded.</source>
        <translation>This storage device is not registered as state-owned: nothing was exported, and the attempt was recorded.</translation>
    </message>
    <message>
        <source>The extraction request is not approved.</source>
        <translation>The extraction request is not approved.</translation>
    </message>
    <message>
        <source>The hub&apos;s stored copy of this medium is missing or damaged; tell the administrator.</source>
        <translation>The hub&apos;s stored copy of this medium is missing or damaged; tell the administrator.</translation>
    </message>
    <message>
        <source>This export is not yours or does not exist.</source>
        <translation>This export is not yours or does not exist.</translation>
    </message>
    <message>
        <source>The hub did not accept the report of the copy.</source>
        <translation>The hub did not accept the report of the copy.</translation>
    </message>
    <message>
        <source>This storage device is already registered.</source>
        <translation>This storage device is already registered.</translation>
    </message>
    <message>
        <source>The hub is cutting other clips; try again in a moment.</source>
        <translation>The hub is cutting other clips; try again in a moment.</translation>
    </message>
    <message>
        <source>The recorder keeps no recording of this camera&apos;s channel.</source>
        <translation>The recorder keeps no recording of this camera&apos;s channel.</translation>
    </message>
    <message>
        <source>Another agency receives data only with its written consent or request.</source>
        <translation>Another agency receives data only with its written consent or request.</translation>
    </message>
    <message>
        <source>The request was already decided or withdrawn.</source>
        <translation>The request was already decided or withdrawn.</translation>
    </message>
    <message>
        <source>A fast extraction needs a reason and a purpose (TN 9.2b).</source>
        <translation>A fast extraction needs a reason and a purpose (TN 9.2b).</translation>
    </message>
    <message>
        <source>Fast extraction is for emergencies only.</source>
        <translation>Fast extraction is for emergencies only.</translation>
    </message>
    <message>
        <source>Fast extraction is not part of this jurisdiction&apos;s rules.</source>
        <translation>Fast extraction is not part of this jurisdiction&apos;s rules.</translation>
    </message>
    <message>
        <source>The snapshot was not found.</source>
        <translation>The snapshot was not found.</translation>
    </message>
    <message>
        <source>The clip&apos;s range is not valid.</source>
        <translation>The clip&apos;s range is not valid.</translation>
    </message>
    <message>
        <source>The clip is too long.</source>
        <translation>The clip is too long.</translation>
    </message>
    <message>
        <source>The camera recorded nothing in that range.</source>
        <translation>The camera recorded nothing in that range.</translation>
    </message>
    <message>
        <source>The hub could not cut the clip from the camera.</source>
        <translation>The hub could not cut the clip from the camera.</translation>
    </message>
    <message>
        <source>The camera did not answer in time.</source>
        <translation>The camera did not answer in time.</translation>
    </message>
    <message>
        <source>The hub&apos;s evidence storage is full or not writable.</source>
        <translation>The hub&apos;s evidence storage is full or not writable.</translation>
    </message>
    <message>
        <source>That time is older than your archive limit.</source>
        <translation>That time is older than your archive limit.</translation>
    </message>
    <message>
        <source>This camera is outside your scope.</source>
        <translation>This camera is outside your scope.</translation>
    </message>
    <message>
        <source>The camera does not exist.</source>
        <translation>The camera does not exist.</translation>
    </message>
    <message>
        <source>The unit does not exist.</source>
        <translation>The unit does not exist.</translation>
    </message>
    <message>
        <source>A second person must approve this package with the original footage before it can be downloaded.</source>
        <translation>A second person must approve this package with the original footage before it can be downloaded.</translation>
    </message>
    <message>
        <source>This package was rejected: it cannot be downloaded.</source>
        <translation>This package was rejected: it cannot be downloaded.</translation>
    </message>
    <message>
        <source>This package was already downloaded. For another copy, export a new package (it is recorded and approved again).</source>
        <translation>This package was already downloaded. For another copy, export a new package (it is recorded and approved again).</translation>
    </message>
    <message>
        <source>You cannot approve a package you asked for yourself.</source>
        <translation>You cannot approve a package you asked for yourself.</translation>
    </message>
    <message>
        <source>This package is not waiting for a decision.</source>
        <translation>This package is not waiting for a decision.</translation>
    </message>
    <message>
        <source>The package is not ready.</source>
        <translation>The package is not ready.</translation>
    </message>
    <message>
        <source>The package was not found.</source>
        <translation>The package was not found.</translation>
    </message>
    <message>
        <source>The hub could not build the evidence package; tell the administrator.</source>
        <translation>The hub could not build the evidence package; tell the administrator.</translation>
    </message>
    <message>
        <source>The time-stamping authority did not answer: no package was made.</source>
        <translation>The time-stamping authority did not answer: no package was made.</translation>
    </message>
    <message>
        <source>The hub stopped three times while building the package; export a new one.</source>
        <translation>The hub stopped three times while building the package; export a new one.</translation>
    </message>
    <message>
        <source>The hub&apos;s stored package is missing or damaged; tell the administrator.</source>
        <translation>The hub&apos;s stored package is missing or damaged; tell the administrator.</translation>
    </message>
    <message>
        <source>The hub did not accept what was entered.</source>
        <translation>The hub did not accept what was entered.</translation>
    </message>
    <message>
        <source>The hub does not answer.</source>
        <translation>The hub does not answer.</translation>
    </message>
    <message>
        <source>The hub refused (%1).</source>
        <translation>The hub refused (%1).</translation>
    </message>
    <message>
        <source>Your role does not allow work on cases.</source>
        <translation>Your role does not allow work on cases.</translation>
    </message>
    <message>
        <source>This step belongs to another unit.</source>
        <translation>This step belongs to another unit.</translation>
    </message>
    <message>
        <source>Your role does not allow asking for extraction.</source>
        <translation>Your role does not allow asking for extraction.</translation>
    </message>
    <message>
        <source>Your role does not allow deciding extraction requests.</source>
        <translation>Your role does not allow deciding extraction requests.</translation>
    </message>
    <message>
        <source>You cannot decide your own request: a second person must.</source>
        <translation>You cannot decide your own request: a second person must.</translation>
    </message>
    <message>
        <source>You already decided on this request: a second person must.</source>
        <translation>You already decided on this request: a second person must.</translation>
    </message>
    <message>
        <source>Only the requester may withdraw the request.</source>
        <translation>Only the requester may withdraw the request.</translation>
    </message>
    <message>
        <source>Fast extraction is for the commune chairman or a person he authorised in writing.</source>
        <translation>Fast extraction is for the commune chairman or a person he authorised in writing.</translation>
    </message>
    <message>
        <source>Fast extraction only on cameras the commune manages or was granted.</source>
        <translation>Fast extraction only on cameras the commune manages or was granted.</translation>
    </message>
    <message>
        <source>Your role or unit does not allow this step.</source>
        <translation>Your role or unit does not allow this step.</translation>
    </message>
    <message>
        <source>Incident #%1</source>
        <translation>Incident #%1</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Incident</translation>
    </message>
    <message>
        <source>The selected tile</source>
        <translation>The selected tile</translation>
    </message>
    <message>
        <source>The timeline selection</source>
        <translation>The timeline selection</translation>
    </message>
    <message>
        <source>Case: %1</source>
        <translation>Case: %1</translation>
    </message>
    <message>
        <source>Requester: %1</source>
        <translation>Requester: %1</translation>
    </message>
    <message>
        <source>Purpose: %1</source>
        <translation>Purpose: %1</translation>
    </message>
    <message>
        <source>Content: %1</source>
        <translation>Content: %1</translation>
    </message>
    <message>
        <source>Written request: %1</source>
        <translation>Written request: %1</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>&amp;Play the stored file</source>
        <translation>&amp;Play the stored file</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>Requester</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Complete &amp;dossier…</source>
        <translation>Complete &amp;dossier…</translation>
    </message>
    <message>
        <source>&amp;Withdraw request…</source>
        <translation>&amp;Withdraw request…</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>Deadlines</translation>
    </message>
    <message>
        <source>Extraction</source>
        <translation>Extraction</translation>
    </message>
    <message>
        <source>Select a case to see it.</source>
        <translation>Select a case to see it.</translation>
    </message>
    <message>
        <source>Place:</source>
        <translation>Place:</translation>
    </message>
    <message>
        <source>Vehicle:</source>
        <translation>Vehicle:</translation>
    </message>
    <message>
        <source>Detected:</source>
        <translation>Detected:</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 by %2</translation>
    </message>
    <message>
        <source>Opened:</source>
        <translation>Opened:</translation>
    </message>
    <message>
        <source>Operating unit:</source>
        <translation>Operating unit:</translation>
    </message>
    <message>
        <source>%1 (accepted by %2)</source>
        <translation>%1 (accepted by %2)</translation>
    </message>
    <message>
        <source>Police unit:</source>
        <translation>Police unit:</translation>
    </message>
    <message>
        <source>From incident:</source>
        <translation>From incident:</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <source>Verification:</source>
        <translation>Verification:</translation>
    </message>
    <message>
        <source>Complex (2 months)</source>
        <translation>Complex (2 months)</translation>
    </message>
    <message>
        <source>Violation record:</source>
        <translation>Violation record:</translation>
    </message>
    <message>
        <source>Penalty decision:</source>
        <translation>Penalty decision:</translation>
    </message>
    <message>
        <source>Conclusion:</source>
        <translation>Conclusion:</translation>
    </message>
    <message>
        <source>Legal hold:</source>
        <translation>Legal hold:</translation>
    </message>
    <message>
        <source>Media and events are kept (TN 12.2)</source>
        <translation>Media and events are kept (TN 12.2)</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Description:</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>dossier late</source>
        <translation>dossier late</translation>
    </message>
    <message>
        <source>dossier due %1</source>
        <translation>dossier due %1</translation>
    </message>
</context>
<context>
    <name>CasesController</name>
    <message>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>Approval requests</source>
        <translation>Approval requests</translation>
    </message>
    <message>
        <source>Deadline board</source>
        <translation>Deadline board</translation>
    </message>
    <message>
        <source>Police inbox</source>
        <translation>Police inbox</translation>
    </message>
    <message>
        <source>New case from the selected tile…</source>
        <translation>New case from the selected tile…</translation>
    </message>
    <message>
        <source>New case from the timeline selection…</source>
        <translation>New case from the timeline selection…</translation>
    </message>
    <message>
        <source>Storage devices…</source>
        <translation>Storage devices…</translation>
    </message>
    <message>
        <source>Open case…</source>
        <translation>Open case…</translation>
    </message>
    <message>
        <source>Case %1 opened.</source>
        <translation>Case %1 opened.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>The hub is cutting the clip…</source>
        <translation>The hub is cutting the clip…</translation>
    </message>
    <message>
        <source>The hub is taking the snapshot…</source>
        <translation>The hub is taking the snapshot…</translation>
    </message>
</context>
<context>
    <name>ConsoleApp</name>
    <message>
        <source>Starting the local hub…</source>
        <translation>Starting the local hub…</translation>
    </message>
    <message>
        <source>The local hub did not start: %1</source>
        <translation>The local hub did not start: %1</translation>
    </message>
</context>
<context>
    <name>CustomLayoutDialog</name>
    <message>
        <source>Custom layout</source>
        <translation>Custom layout</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>Large tile (cells per side)</source>
        <translation>Large tile (cells per side)</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DiagnosticsDialog</name>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <source>vwall version</source>
        <translation>vwall version</translation>
    </message>
    <message>
        <source>Qt platform</source>
        <translation>Qt platform</translation>
    </message>
    <message>
        <source>Video drawing</source>
        <translation>Video drawing</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
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
        <translation>Hub</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>not connected</translation>
    </message>
    <message>
        <source>Players still closing</source>
        <translation>Players still closing</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>GPU: OpenGL shaders convert and scale the video</source>
        <translation>GPU: OpenGL shaders convert and scale the video</translation>
    </message>
    <message>
        <source>CPU: pictures converted at the tile&apos;s size, copied unscaled</source>
        <translation>CPU: pictures converted at the tile&apos;s size, copied unscaled</translation>
    </message>
    <message>
        <source>set by VWALL_RENDER</source>
        <translation>set by VWALL_RENDER</translation>
    </message>
    <message>
        <source>OpenGL is not available</source>
        <translation>OpenGL is not available</translation>
    </message>
    <message>
        <source>OpenGL is hardware-accelerated</source>
        <translation>OpenGL is hardware-accelerated</translation>
    </message>
    <message>
        <source>OpenGL runs in software here: the CPU path is cheaper</source>
        <translation>OpenGL runs in software here: the CPU path is cheaper</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
</context>
<context>
    <name>DisplayController</name>
    <message>
        <source>Display revoked — contact the administrator</source>
        <translation>Display revoked — contact the administrator</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>vwall display</source>
        <translation>vwall display</translation>
    </message>
    <message>
        <source>Waiting for a wall…</source>
        <translation>Waiting for a wall…</translation>
    </message>
</context>
<context>
    <name>DossierDialog</name>
    <message>
        <source>Complete the dossier</source>
        <translation>Complete the dossier</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation>&amp;Reference:</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Note:</translation>
    </message>
</context>
<context>
    <name>EvidencePackageActions</name>
    <message>
        <source>Save the evidence package</source>
        <translation>Save the evidence package</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Packages</translation>
    </message>
    <message>
        <source>Export needs an approved extraction request first.</source>
        <translation>Export needs an approved extraction request first.</translation>
    </message>
    <message>
        <source>The hub is building the evidence package; this can take minutes…</source>
        <translation>The hub is building the evidence package; this can take minutes…</translation>
    </message>
    <message>
        <source>Package %1 waits for a second person&apos;s approval.</source>
        <translation>Package %1 waits for a second person&apos;s approval.</translation>
    </message>
    <message>
        <source>Package %1 is ready to download.</source>
        <translation>Package %1 is ready to download.</translation>
    </message>
    <message>
        <source>Package %1 was rejected.</source>
        <translation>Package %1 was rejected.</translation>
    </message>
    <message>
        <source>Package %1: %2</source>
        <translation>Package %1: %2</translation>
    </message>
    <message>
        <source>Package %1 with the original footage, asked for by %2.</source>
        <translation>Package %1 with the original footage, asked for by %2.</translation>
    </message>
    <message>
        <source>Purpose: %1</source>
        <translation>Purpose: %1</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>Downloading %1…</translation>
    </message>
    <message>
        <source>Package %1 saved to %2.</source>
        <translation>Package %1 saved to %2.</translation>
    </message>
    <message>
        <source>There is not enough free space there for the package: nothing was saved, and it can still be downloaded.</source>
        <translation>There is not enough free space there for the package: nothing was saved, and it can still be downloaded.</translation>
    </message>
    <message>
        <source>The package cannot be saved there (no such folder, or no permission): nothing was saved, and it can still be downloaded.</source>
        <translation>The package cannot be saved there (no such folder, or no permission): nothing was saved, and it can still be downloaded.</translation>
    </message>
    <message>
        <source>That place is read-only: nothing was saved, and the package can still be downloaded.</source>
        <translation>That place is read-only: nothing was saved, and the package can still be downloaded.</translation>
    </message>
    <message>
        <source>The disk filled up while saving; the partial file was removed. The hub counts the package as collected: for another copy, export a new package.</source>
        <translation>The disk filled up while saving; the partial file was removed. The hub counts the package as collected: for another copy, export a new package.</translation>
    </message>
    <message>
        <source>The disk was removed or stopped answering; the partial file was removed.</source>
        <translation>The disk was removed or stopped answering; the partial file was removed.</translation>
    </message>
    <message>
        <source>The SHA-256 of the file differs from the hub&apos;s; the file was removed.</source>
        <translation>The SHA-256 of the file differs from the hub&apos;s; the file was removed.</translation>
    </message>
    <message>
        <source>Download cancelled; the partial file was removed. The hub counts the package as collected: for another copy, export a new package.</source>
        <translation>Download cancelled; the partial file was removed. The hub counts the package as collected: for another copy, export a new package.</translation>
    </message>
    <message>
        <source>Writing the package failed; the partial file was removed. The hub counts the package as collected: for another copy, export a new package.</source>
        <translation>Writing the package failed; the partial file was removed. The hub counts the package as collected: for another copy, export a new package.</translation>
    </message>
</context>
<context>
    <name>EvidencePanel</name>
    <message>
        <source>Package</source>
        <translation>Package</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>Decided by</translation>
    </message>
    <message>
        <source>Ready / downloaded</source>
        <translation>Ready / downloaded</translation>
    </message>
    <message>
        <source>Export evidence package…</source>
        <translation>Export evidence package…</translation>
    </message>
    <message>
        <source>Approve package</source>
        <translation>Approve package</translation>
    </message>
    <message>
        <source>Reject package</source>
        <translation>Reject package</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Download…</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Cancel download</translation>
    </message>
    <message>
        <source>with originals</source>
        <translation>with originals</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>Downloaded</translation>
    </message>
    <message>
        <source>Building…</source>
        <translation>Building…</translation>
    </message>
    <message>
        <source>Waiting for a second approval</source>
        <translation>Waiting for a second approval</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>downloaded %1</source>
        <translation>downloaded %1</translation>
    </message>
    <message>
        <source>ready %1</source>
        <translation>ready %1</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export to a registered storage device</source>
        <translation>Export to a registered storage device</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>C&amp;hoose…</translation>
    </message>
    <message>
        <source>Choose the volume of the device.</source>
        <translation>Choose the volume of the device.</translation>
    </message>
    <message>
        <source>&amp;Request:</source>
        <translation>&amp;Request:</translation>
    </message>
    <message>
        <source>&amp;Volume:</source>
        <translation>&amp;Volume:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Device:</translation>
    </message>
    <message>
        <source>No identifier could be read from this volume&apos;s device.</source>
        <translation>No identifier could be read from this volume&apos;s device.</translation>
    </message>
    <message>
        <source>%1 — not in your unit&apos;s register</source>
        <translation>%1 — not in your unit&apos;s register</translation>
    </message>
    <message>
        <source>Recipient &amp;agency:</source>
        <translation>Recipient &amp;agency:</translation>
    </message>
    <message>
        <source>&amp;Consent document:</source>
        <translation>&amp;Consent document:</translation>
    </message>
    <message>
        <source>Consent da&amp;te:</source>
        <translation>Consent da&amp;te:</translation>
    </message>
    <message>
        <source>Only to registered state-owned devices (TN 9.2c); the device&apos;s identifier is checked by the hub and every export is logged.</source>
        <translation>Only to registered state-owned devices (TN 9.2c); the device&apos;s identifier is checked by the hub and every export is logged.</translation>
    </message>
</context>
<context>
    <name>ExtractionDialog</name>
    <message>
        <source>Fast extraction (TN 9.2)</source>
        <translation>Fast extraction (TN 9.2)</translation>
    </message>
    <message>
        <source>Request extraction</source>
        <translation>Request extraction</translation>
    </message>
    <message>
        <source>Extract now</source>
        <translation>Extract now</translation>
    </message>
    <message>
        <source>Send request</source>
        <translation>Send request</translation>
    </message>
    <message>
        <source>&amp;Written request of another agency</source>
        <translation>&amp;Written request of another agency</translation>
    </message>
    <message>
        <source>&amp;This is an emergency</source>
        <translation>&amp;This is an emergency</translation>
    </message>
    <message>
        <source>&amp;Situation:</source>
        <translation>&amp;Situation:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>&amp;Purpose:</source>
        <translation>&amp;Purpose:</translation>
    </message>
    <message>
        <source>Without prior approval: the internal dossier is due within 24 working hours (TN 9.2b).</source>
        <translation>Without prior approval: the internal dossier is due within 24 working hours (TN 9.2b).</translation>
    </message>
    <message>
        <source>&amp;Content:</source>
        <translation>&amp;Content:</translation>
    </message>
    <message>
        <source>&amp;Agency:</source>
        <translation>&amp;Agency:</translation>
    </message>
    <message>
        <source>&amp;Document number:</source>
        <translation>&amp;Document number:</translation>
    </message>
    <message>
        <source>Document &amp;date:</source>
        <translation>Document &amp;date:</translation>
    </message>
    <message>
        <source>Co&amp;mmitment:</source>
        <translation>Co&amp;mmitment:</translation>
    </message>
</context>
<context>
    <name>ForcedAckDialog</name>
    <message>
        <source>Critical incident — acknowledgement required</source>
        <translation>Critical incident — acknowledgement required</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Category:</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <source>Area:</source>
        <translation>Area:</translation>
    </message>
    <message>
        <source>Duty unit:</source>
        <translation>Duty unit:</translation>
    </message>
    <message>
        <source>First event:</source>
        <translation>First event:</translation>
    </message>
    <message>
        <source>This incident must be acknowledged. If you cannot take it now, defer it with a reason: the reason is recorded and the alert comes back.</source>
        <translation>This incident must be acknowledged. If you cannot take it now, defer it with a reason: the reason is recorded and the alert comes back.</translation>
    </message>
    <message>
        <source>Reason for deferring (required to defer)</source>
        <translation>Reason for deferring (required to defer)</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>Defer with reason</source>
        <translation>Defer with reason</translation>
    </message>
</context>
<context>
    <name>ForcedAcknowledgements</name>
    <message>
        <source>Acknowledgement deferred: %1</source>
        <translation>Acknowledgement deferred: %1</translation>
    </message>
    <message>
        <source>someone else</source>
        <translation>someone else</translation>
    </message>
    <message>
        <source>Incident #%1 was acknowledged by %2.</source>
        <translation>Incident #%1 was acknowledged by %2.</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>Your one-time code was reset. Log out and log in again.</source>
        <translation>Your one-time code was reset. Log out and log in again.</translation>
    </message>
    <message>
        <source>Check the values entered.</source>
        <translation>Check the values entered.</translation>
    </message>
    <message>
        <source>Wrong password or one-time code.</source>
        <translation>Wrong password or one-time code.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Try again in %1 seconds.</source>
        <translation>Too many failed attempts. Try again in %1 seconds.</translation>
    </message>
    <message>
        <source>Cannot reach the hub. Check the network.</source>
        <translation>Cannot reach the hub. Check the network.</translation>
    </message>
    <message>
        <source>The hub refused the request (%1).</source>
        <translation>The hub refused the request (%1).</translation>
    </message>
</context>
<context>
    <name>IncidentDetailPane</name>
    <message>
        <source>Show on the wall</source>
        <translation>Show on the wall</translation>
    </message>
    <message>
        <source>Open the camera live and its recording at the event time</source>
        <translation>Open the camera live and its recording at the event time</translation>
    </message>
    <message>
        <source>Open case…</source>
        <translation>Open case…</translation>
    </message>
    <message>
        <source>Open a violation case from this incident</source>
        <translation>Open a violation case from this incident</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Attach file…</source>
        <translation>Attach file…</translation>
    </message>
    <message>
        <source>Attach a document or picture to the incident (kept on the hub)</source>
        <translation>Attach a document or picture to the incident (kept on the hub)</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>Save a copy…</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Comments</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>Select an incident to see its details.</source>
        <translation>Select an incident to see its details.</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>Repeated event</source>
        <translation>Repeated event</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <source>Handling started</source>
        <translation>Handling started</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>Escalated automatically (not acknowledged in time)</source>
        <translation>Escalated automatically (not acknowledged in time)</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>Reopened</translation>
    </message>
    <message>
        <source>Procedure step ticked</source>
        <translation>Procedure step ticked</translation>
    </message>
    <message>
        <source>Procedure step unticked</source>
        <translation>Procedure step unticked</translation>
    </message>
    <message>
        <source>File attached</source>
        <translation>File attached</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <source>Area:</source>
        <translation>Area:</translation>
    </message>
    <message>
        <source>Duty unit:</source>
        <translation>Duty unit:</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 by %2</translation>
    </message>
    <message>
        <source>Opened:</source>
        <translation>Opened:</translation>
    </message>
    <message>
        <source>Events:</source>
        <translation>Events:</translation>
    </message>
    <message>
        <source>%1, first at %2</source>
        <translation>%1, first at %2</translation>
    </message>
    <message>
        <source>Acknowledged:</source>
        <translation>Acknowledged:</translation>
    </message>
    <message>
        <source>Assignee:</source>
        <translation>Assignee:</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Deadline:</source>
        <translation>Deadline:</translation>
    </message>
    <message>
        <source>Written notice by:</source>
        <translation>Written notice by:</translation>
    </message>
    <message>
        <source>(TN 11.5: within 72 hours)</source>
        <translation>(TN 11.5: within 72 hours)</translation>
    </message>
    <message>
        <source>Escalated:</source>
        <translation>Escalated:</translation>
    </message>
    <message>
        <source>level %1</source>
        <translation>level %1</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Description:</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>Resolution:</translation>
    </message>
    <message>
        <source>Done by %1 at %2</source>
        <translation>Done by %1 at %2</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 bytes</translation>
    </message>
    <message>
        <source>Added by %1 at %2</source>
        <translation>Added by %1 at %2</translation>
    </message>
</context>
<context>
    <name>IncidentFiles</name>
    <message>
        <source>The file is too large to attach.</source>
        <translation>The file is too large to attach.</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>The file could not be read.</translation>
    </message>
    <message>
        <source>The file arrived damaged; it was not saved. Try again.</source>
        <translation>The file arrived damaged; it was not saved. Try again.</translation>
    </message>
    <message>
        <source>The copy could not be written there.</source>
        <translation>The copy could not be written there.</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Saved %1.</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>Attach a file</translation>
    </message>
    <message>
        <source>Save a copy</source>
        <translation>Save a copy</translation>
    </message>
</context>
<context>
    <name>IncidentLabels</name>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Incident</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Opened</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critical</translation>
    </message>
    <message>
        <source>High</source>
        <translation>High</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>Fault</translation>
    </message>
    <message>
        <source>Cyber-security incident</source>
        <translation>Cyber-security incident</translation>
    </message>
    <message>
        <source>Personal data leak</source>
        <translation>Personal data leak</translation>
    </message>
    <message>
        <source>Abuse of the system</source>
        <translation>Abuse of the system</translation>
    </message>
    <message>
        <source>Violation</source>
        <translation>Violation</translation>
    </message>
    <message>
        <source>Intrusion</source>
        <translation>Intrusion</translation>
    </message>
    <message>
        <source>Motion</source>
        <translation>Motion</translation>
    </message>
    <message>
        <source>Camera tampering</source>
        <translation>Camera tampering</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>Assign…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Comment…</source>
        <translation>Comment…</translation>
    </message>
    <message>
        <source>Escalate…</source>
        <translation>Escalate…</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Resolve…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>Reopen…</translation>
    </message>
</context>
<context>
    <name>IncidentQueue</name>
    <message>
        <source>Mute</source>
        <translation>Mute</translation>
    </message>
    <message>
        <source>Silence the alert of new critical incidents</source>
        <translation>Silence the alert of new critical incidents</translation>
    </message>
    <message>
        <source>Report incident…</source>
        <translation>Report incident…</translation>
    </message>
    <message>
        <source>Incident queue</source>
        <translation>Incident queue</translation>
    </message>
    <message>
        <source>Open: %1 · Critical: %2 · Overdue: %3</source>
        <translation>Open: %1 · Critical: %2 · Overdue: %3</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>All priorities</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>All areas</translation>
    </message>
    <message>
        <source>All cameras</source>
        <translation>All cameras</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>Open only</source>
        <translation>Open only</translation>
    </message>
    <message>
        <source>Search title, camera or number</source>
        <translation>Search title, camera or number</translation>
    </message>
    <message>
        <source>Critical incidents waiting for acknowledgement: %1</source>
        <translation>Critical incidents waiting for acknowledgement: %1</translation>
    </message>
    <message>
        <source>Muted</source>
        <translation>Muted</translation>
    </message>
</context>
<context>
    <name>IncidentTableModel</name>
    <message>
        <source>Overdue %1</source>
        <translation>Overdue %1</translation>
    </message>
    <message>
        <source>Camera: %1</source>
        <translation>Camera: %1</translation>
    </message>
    <message>
        <source>Duty unit: %1</source>
        <translation>Duty unit: %1</translation>
    </message>
    <message>
        <source>Due: %1</source>
        <translation>Due: %1</translation>
    </message>
    <message>
        <source>Written notice due: %1</source>
        <translation>Written notice due: %1</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>IncidentTextDialog</name>
    <message>
        <source>The parent unit</source>
        <translation>The parent unit</translation>
    </message>
    <message>
        <source>Escalate to:</source>
        <translation>Escalate to:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>IncidentsController</name>
    <message>
        <source>Incidents</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>Report incident…</source>
        <translation>Report incident…</translation>
    </message>
    <message>
        <source>Report a fault, a security incident, a data leak or an abuse of the system</source>
        <translation>Report a fault, a security incident, a data leak or an abuse of the system</translation>
    </message>
    <message>
        <source>Your comment:</source>
        <translation>Your comment:</translation>
    </message>
    <message>
        <source>How was the incident resolved?</source>
        <translation>How was the incident resolved?</translation>
    </message>
    <message>
        <source>Why is the incident reopened?</source>
        <translation>Why is the incident reopened?</translation>
    </message>
    <message>
        <source>Why does the incident go to a higher unit?</source>
        <translation>Why does the incident go to a higher unit?</translation>
    </message>
    <message>
        <source>Someone else changed this incident meanwhile. It has been refreshed: check it and try again.</source>
        <translation>Someone else changed this incident meanwhile. It has been refreshed: check it and try again.</translation>
    </message>
    <message>
        <source>This step is not possible in the current status.</source>
        <translation>This step is not possible in the current status.</translation>
    </message>
    <message>
        <source>The incident must be acknowledged first.</source>
        <translation>The incident must be acknowledged first.</translation>
    </message>
    <message>
        <source>This incident is not (or no longer) in your scope.</source>
        <translation>This incident is not (or no longer) in your scope.</translation>
    </message>
    <message>
        <source>This person cannot take the incident.</source>
        <translation>This person cannot take the incident.</translation>
    </message>
    <message>
        <source>There is no higher unit to escalate to.</source>
        <translation>There is no higher unit to escalate to.</translation>
    </message>
    <message>
        <source>This procedure step does not exist.</source>
        <translation>This procedure step does not exist.</translation>
    </message>
    <message>
        <source>The file is larger than the hub accepts for an attachment.</source>
        <translation>The file is larger than the hub accepts for an attachment.</translation>
    </message>
    <message>
        <source>The hub did not accept this file.</source>
        <translation>The hub did not accept this file.</translation>
    </message>
    <message>
        <source>This file is no longer on the hub.</source>
        <translation>This file is no longer on the hub.</translation>
    </message>
    <message>
        <source>The hub&apos;s copy of this file is damaged; tell the administrator.</source>
        <translation>The hub&apos;s copy of this file is damaged; tell the administrator.</translation>
    </message>
    <message>
        <source>Your role does not allow this step.</source>
        <translation>Your role does not allow this step.</translation>
    </message>
    <message>
        <source>This camera is outside your scope.</source>
        <translation>This camera is outside your scope.</translation>
    </message>
    <message>
        <source>The camera does not exist.</source>
        <translation>The camera does not exist.</translation>
    </message>
    <message>
        <source>The hub did not accept what was entered.</source>
        <translation>The hub did not accept what was entered.</translation>
    </message>
    <message>
        <source>The hub does not answer.</source>
        <translation>The hub does not answer.</translation>
    </message>
    <message>
        <source>The hub refused (%1).</source>
        <translation>The hub refused (%1).</translation>
    </message>
    <message>
        <source>Incident #%1 reported.</source>
        <translation>Incident #%1 reported.</translation>
    </message>
    <message>
        <source>This incident has no camera.</source>
        <translation>This incident has no camera.</translation>
    </message>
    <message>
        <source>You may not view this incident&apos;s camera.</source>
        <translation>You may not view this incident&apos;s camera.</translation>
    </message>
    <message>
        <source>The camera is live; its recording needs a second tile.</source>
        <translation>The camera is live; its recording needs a second tile.</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <source>Console locked</source>
        <translation>Console locked</translation>
    </message>
    <message>
        <source>The console is locked</source>
        <translation>The console is locked</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>One-time code (OTP)</source>
        <translation>One-time code (OTP)</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>User: %1</translation>
    </message>
    <message>
        <source>Enter your password and the one-time code.</source>
        <translation>Enter your password and the one-time code.</translation>
    </message>
</context>
<context>
    <name>LoginController</name>
    <message>
        <source>Enter the one-time code (OTP).</source>
        <translation>Enter the one-time code (OTP).</translation>
    </message>
    <message>
        <source>The one-time code has 6 digits.</source>
        <translation>The one-time code has 6 digits.</translation>
    </message>
    <message>
        <source>Password changed. Log in again with the new password and the next one-time code.</source>
        <translation>Password changed. Log in again with the new password and the next one-time code.</translation>
    </message>
    <message>
        <source>The hub address is not valid.</source>
        <translation>The hub address is not valid.</translation>
    </message>
    <message>
        <source>The one-time code is wrong. Check that the device&apos;s clock is right and enter the code on show now.</source>
        <translation>The one-time code is wrong. Check that the device&apos;s clock is right and enter the code on show now.</translation>
    </message>
    <message>
        <source>Check the values entered: some are too long or not allowed.</source>
        <translation>Check the values entered: some are too long or not allowed.</translation>
    </message>
    <message>
        <source>The hub&apos;s certificate has changed since this workstation last connected (now %1). Someone may be intercepting the connection. Nothing was sent. Ask your administrator to confirm the new certificate.</source>
        <translation>The hub&apos;s certificate has changed since this workstation last connected (now %1). Someone may be intercepting the connection. Nothing was sent. Ask your administrator to confirm the new certificate.</translation>
    </message>
    <message>
        <source>This hub address is not encrypted (http://). Use https:// — only a hub on this computer may use http://.</source>
        <translation>This hub address is not encrypted (http://). Use https:// — only a hub on this computer may use http://.</translation>
    </message>
    <message>
        <source>The hub&apos;s certificate (%1) is not the one that was given for it. Nothing was sent.</source>
        <translation>The hub&apos;s certificate (%1) is not the one that was given for it. Nothing was sent.</translation>
    </message>
    <message>
        <source>The hub&apos;s certificate is not trusted (%1). Nothing was sent. Compare the fingerprint with the one your administrator gave you.</source>
        <translation>The hub&apos;s certificate is not trusted (%1). Nothing was sent. Compare the fingerprint with the one your administrator gave you.</translation>
    </message>
    <message>
        <source>Wrong user name, password or one-time code. After repeated failures the account is locked: then ask your administrator to unlock it.</source>
        <translation>Wrong user name, password or one-time code. After repeated failures the account is locked: then ask your administrator to unlock it.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Try again in %1 seconds.</source>
        <translation>Too many failed attempts. Try again in %1 seconds.</translation>
    </message>
    <message>
        <source>Cannot reach the hub at %1. Check the address and the network.</source>
        <translation>Cannot reach the hub at %1. Check the address and the network.</translation>
    </message>
    <message>
        <source>The login session has expired. Log in again.</source>
        <translation>The login session has expired. Log in again.</translation>
    </message>
    <message>
        <source>The hub cannot read its stored one-time code keys. Ask the administrator to restore the hub&apos;s key file.</source>
        <translation>The hub cannot read its stored one-time code keys. Ask the administrator to restore the hub&apos;s key file.</translation>
    </message>
    <message>
        <source>This account already has an authenticator: log in with its one-time code. If the device is lost, ask an administrator to reset MFA.</source>
        <translation>This account already has an authenticator: log in with its one-time code. If the device is lost, ask an administrator to reset MFA.</translation>
    </message>
    <message>
        <source>You must change your password before continuing.</source>
        <translation>You must change your password before continuing.</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>The current password is wrong.</translation>
    </message>
    <message>
        <source>The new password needs at least 12 characters.</source>
        <translation>The new password needs at least 12 characters.</translation>
    </message>
    <message>
        <source>The new password is too long.</source>
        <translation>The new password is too long.</translation>
    </message>
    <message>
        <source>The new password is too common; choose another.</source>
        <translation>The new password is too common; choose another.</translation>
    </message>
    <message>
        <source>The new password must not contain your user name.</source>
        <translation>The new password must not contain your user name.</translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation>The new password must differ from the current one.</translation>
    </message>
    <message>
        <source>The hub refused the request (%1).</source>
        <translation>The hub refused the request (%1).</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>vwall — Log in</source>
        <translation>vwall — Log in</translation>
    </message>
    <message>
        <source>Verify a package…</source>
        <translation>Verify a package…</translation>
    </message>
    <message>
        <source>Check an evidence package file on this machine, without signing in.</source>
        <translation>Check an evidence package file on this machine, without signing in.</translation>
    </message>
    <message>
        <source>Log in to the control-room hub</source>
        <translation>Log in to the control-room hub</translation>
    </message>
    <message>
        <source>https://hub:8470 — several: separate by commas</source>
        <translation>https://hub:8470 — several: separate by commas</translation>
    </message>
    <message>
        <source>The hub&apos;s address. Several hubs of the same system, separated by commas: the console switches to the next one that answers if its hub stops answering.</source>
        <translation>The hub&apos;s address. Several hubs of the same system, separated by commas: the console switches to the next one that answers if its hub stops answering.</translation>
    </message>
    <message>
        <source>6 digits, or a recovery code</source>
        <translation>6 digits, or a recovery code</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>Hub address</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>One-time code (OTP)</source>
        <translation>One-time code (OTP)</translation>
    </message>
    <message>
        <source>First login: set up multi-factor authentication (MFA). Scan the QR code with an authenticator app, or type the secret key by hand, then enter the first code it shows.</source>
        <translation>First login: set up multi-factor authentication (MFA). Scan the QR code with an authenticator app, or type the secret key by hand, then enter the first code it shows.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>Secret key</translation>
    </message>
    <message>
        <source>These ten recovery codes are shown only once. Store them in a safe place: each one replaces a one-time code once if the authenticator is lost.</source>
        <translation>These ten recovery codes are shown only once. Store them in a safe place: each one replaces a one-time code once if the authenticator is lost.</translation>
    </message>
    <message>
        <source>I have stored the codes</source>
        <translation>I have stored the codes</translation>
    </message>
    <message>
        <source>Your password must be changed before you continue. The new password needs at least 12 characters and must not contain your user name.</source>
        <translation>Your password must be changed before you continue. The new password needs at least 12 characters and must not contain your user name.</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>Repeat the new password</translation>
    </message>
    <message>
        <source>Enter the hub address, your user name and password.</source>
        <translation>Enter the hub address, your user name and password.</translation>
    </message>
    <message>
        <source>The two new passwords do not match.</source>
        <translation>The two new passwords do not match.</translation>
    </message>
    <message>
        <source>Contacting the hub…</source>
        <translation>Contacting the hub…</translation>
    </message>
    <message>
        <source>New hub certificate</source>
        <translation>New hub certificate</translation>
    </message>
    <message>
        <source>This workstation has not connected to %1 before. Compare the certificate fingerprint below with the one your administrator gave you. Trust it only if every character matches.</source>
        <translation>This workstation has not connected to %1 before. Compare the certificate fingerprint below with the one your administrator gave you. Trust it only if every character matches.</translation>
    </message>
    <message>
        <source>Trust this hub</source>
        <translation>Trust this hub</translation>
    </message>
    <message>
        <source>Do not connect</source>
        <translation>Do not connect</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>vwall — Video wall</source>
        <translation>vwall — Video wall</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <source>Wall</source>
        <translation>Wall</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Full screen</translation>
    </message>
    <message>
        <source>Move to screen</source>
        <translation>Move to screen</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Screen</translation>
    </message>
    <message>
        <source>Watermark</source>
        <translation>Watermark</translation>
    </message>
    <message>
        <source>Show your user name and the time over the video</source>
        <translation>Show your user name and the time over the video</translation>
    </message>
    <message>
        <source>Clear tile</source>
        <translation>Clear tile</translation>
    </message>
    <message>
        <source>Clear wall</source>
        <translation>Clear wall</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>Lock now</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <source>Versions, how video is drawn (GPU or CPU), the hub: for support</source>
        <translation>Versions, how video is drawn (GPU or CPU), the hub: for support</translation>
    </message>
    <message>
        <source>Layout: %1</source>
        <translation>Layout: %1</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Layout</translation>
    </message>
    <message>
        <source>Custom layout…</source>
        <translation>Custom layout…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>Connection lost</translation>
    </message>
    <message>
        <source>Hub %1: %2</source>
        <translation>Hub %1: %2</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>User: %1</translation>
    </message>
</context>
<context>
    <name>MediaDialog</name>
    <message>
        <source>Add clip or snapshot</source>
        <translation>Add clip or snapshot</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>&amp;Clip (cut from the archive, no re-encoding)</source>
        <translation>&amp;Clip (cut from the archive, no re-encoding)</translation>
    </message>
    <message>
        <source>&amp;Snapshot at the start time</source>
        <translation>&amp;Snapshot at the start time</translation>
    </message>
    <message>
        <source>Ca&amp;mera:</source>
        <translation>Ca&amp;mera:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <source>Only the case&apos;s cameras, within their time ranges; a clip is at most one hour.</source>
        <translation>Only the case&apos;s cameras, within their time ranges; a clip is at most one hour.</translation>
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
        <translation>New violation case</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Open case</translation>
    </message>
    <message>
        <source>Add a camera</source>
        <translation>Add a camera</translation>
    </message>
    <message>
        <source>e.g. 20A-123.45</source>
        <translation>e.g. 20A-123.45</translation>
    </message>
    <message>
        <source>&amp;Origin:</source>
        <translation>&amp;Origin:</translation>
    </message>
    <message>
        <source>&amp;Violation:</source>
        <translation>&amp;Violation:</translation>
    </message>
    <message>
        <source>Cameras and times:</source>
        <translation>Cameras and times:</translation>
    </message>
    <message>
        <source>&amp;Place:</source>
        <translation>&amp;Place:</translation>
    </message>
    <message>
        <source>Pla&amp;te:</source>
        <translation>Pla&amp;te:</translation>
    </message>
    <message>
        <source>Vehicle &amp;type:</source>
        <translation>Vehicle &amp;type:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>The case goes to the competent police unit within 5 working days of detection (DH 11.3a).</source>
        <translation>The case goes to the competent police unit within 5 working days of detection (DH 11.3a).</translation>
    </message>
    <message>
        <source>Car</source>
        <translation>Car</translation>
    </message>
    <message>
        <source>Motorbike</source>
        <translation>Motorbike</translation>
    </message>
    <message>
        <source>Truck</source>
        <translation>Truck</translation>
    </message>
    <message>
        <source>Bus</source>
        <translation>Bus</translation>
    </message>
    <message>
        <source>Bicycle</source>
        <translation>Bicycle</translation>
    </message>
    <message>
        <source>Other vehicle</source>
        <translation>Other vehicle</translation>
    </message>
</context>
<context>
    <name>OfflineVerifier</name>
    <message>
        <source>Paste the key fingerprint that the sending hub published (sha256:…). Empty: the key inside the package is used (the package is shown intact, not who signed it).</source>
        <translation>Paste the key fingerprint that the sending hub published (sha256:…). Empty: the key inside the package is used (the package is shown intact, not who signed it).</translation>
    </message>
</context>
<context>
    <name>OperatorPanels</name>
    <message>
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>Keep the selected tile&apos;s picture on the hub as evidence</source>
        <translation>Keep the selected tile&apos;s picture on the hub as evidence</translation>
    </message>
    <message>
        <source>Playback</source>
        <translation>Playback</translation>
    </message>
    <message>
        <source>Switch the selected tile between live video and its recordings</source>
        <translation>Switch the selected tile between live video and its recordings</translation>
    </message>
    <message>
        <source>Select a tile with a camera to play its recordings.</source>
        <translation>Select a tile with a camera to play its recordings.</translation>
    </message>
    <message>
        <source>That time is older than your archive limit.</source>
        <translation>That time is older than your archive limit.</translation>
    </message>
    <message>
        <source>You may not view this camera&apos;s recordings.</source>
        <translation>You may not view this camera&apos;s recordings.</translation>
    </message>
    <message>
        <source>The recordings of a dedicated system open only with a reason.</source>
        <translation>The recordings of a dedicated system open only with a reason.</translation>
    </message>
    <message>
        <source>The hub refused the recording (%1).</source>
        <translation>The hub refused the recording (%1).</translation>
    </message>
    <message>
        <source>The recordings could not be loaded (%1).</source>
        <translation>The recordings could not be loaded (%1).</translation>
    </message>
    <message>
        <source>Select a tile with a camera.</source>
        <translation>Select a tile with a camera.</translation>
    </message>
    <message>
        <source>Taking a snapshot…</source>
        <translation>Taking a snapshot…</translation>
    </message>
    <message>
        <source>You may not take a snapshot of this camera.</source>
        <translation>You may not take a snapshot of this camera.</translation>
    </message>
    <message>
        <source>The snapshot failed (%1).</source>
        <translation>The snapshot failed (%1).</translation>
    </message>
    <message>
        <source>Snapshot kept as evidence: SHA-256 %1…</source>
        <translation>Snapshot kept as evidence: SHA-256 %1…</translation>
    </message>
</context>
<context>
    <name>PackageDecisionDialog</name>
    <message>
        <source>Approve package</source>
        <translation>Approve package</translation>
    </message>
    <message>
        <source>Reject package</source>
        <translation>Reject package</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Note:</translation>
    </message>
</context>
<context>
    <name>PackageExportDialog</name>
    <message>
        <source>Evidence package</source>
        <translation>Evidence package</translation>
    </message>
    <message>
        <source>Include the original footage (needs a second approval)</source>
        <translation>Include the original footage (needs a second approval)</translation>
    </message>
    <message>
        <source>Include the original footage</source>
        <translation>Include the original footage</translation>
    </message>
    <message>
        <source>The package holds watermarked copies, events, the chain of custody and a summary, signed and time-stamped by the hub; it can be downloaded once.</source>
        <translation>The package holds watermarked copies, events, the chain of custody and a summary, signed and time-stamped by the hub; it can be downloaded once.</translation>
    </message>
</context>
<context>
    <name>PackageVerifier</name>
    <message>
        <source>Choose an evidence package</source>
        <translation>Choose an evidence package</translation>
    </message>
    <message>
        <source>Verify a package…</source>
        <translation>Verify a package…</translation>
    </message>
    <message>
        <source>Empty: the key inside the package is used (the package is shown intact, not that it comes from this hub).</source>
        <translation>Empty: the key inside the package is used (the package is shown intact, not that it comes from this hub).</translation>
    </message>
    <message>
        <source>The key of the hub you are signed in to.</source>
        <translation>The key of the hub you are signed in to.</translation>
    </message>
    <message>
        <source>Checking the package…</source>
        <translation>Checking the package…</translation>
    </message>
    <message>
        <source>This file is not an evidence package.</source>
        <translation>This file is not an evidence package.</translation>
    </message>
    <message>
        <source>The trusted key is neither a fingerprint nor a public key.</source>
        <translation>The trusted key is neither a fingerprint nor a public key.</translation>
    </message>
    <message>
        <source>The package cannot be read: %1</source>
        <translation>The package cannot be read: %1</translation>
    </message>
    <message>
        <source>The package is intact: every file, the hub&apos;s signature and the time-stamp check out.</source>
        <translation>The package is intact: every file, the hub&apos;s signature and the time-stamp check out.</translation>
    </message>
    <message>
        <source>The package does not verify:</source>
        <translation>The package does not verify:</translation>
    </message>
    <message>
        <source>Time-stamped by the hub itself (no time-stamping authority)</source>
        <translation>Time-stamped by the hub itself (no time-stamping authority)</translation>
    </message>
    <message>
        <source>RFC 3161 time-stamping authority</source>
        <translation>RFC 3161 time-stamping authority</translation>
    </message>
    <message>
        <source>File %1 is missing</source>
        <translation>File %1 is missing</translation>
    </message>
    <message>
        <source>File %1: hash mismatch</source>
        <translation>File %1: hash mismatch</translation>
    </message>
    <message>
        <source>File %1 appears twice</source>
        <translation>File %1 appears twice</translation>
    </message>
    <message>
        <source>File %1 cannot be read</source>
        <translation>File %1 cannot be read</translation>
    </message>
    <message>
        <source>Extra file %1</source>
        <translation>Extra file %1</translation>
    </message>
    <message>
        <source>The signature is invalid</source>
        <translation>The signature is invalid</translation>
    </message>
    <message>
        <source>The key is not the trusted one</source>
        <translation>The key is not the trusted one</translation>
    </message>
    <message>
        <source>The time-stamp is invalid</source>
        <translation>The time-stamp is invalid</translation>
    </message>
    <message>
        <source>The manifest&apos;s content digest does not match its file list</source>
        <translation>The manifest&apos;s content digest does not match its file list</translation>
    </message>
    <message>
        <source>The public key in the package is not the one the manifest names</source>
        <translation>The public key in the package is not the one the manifest names</translation>
    </message>
    <message>
        <source>The manifest is not a valid package manifest</source>
        <translation>The manifest is not a valid package manifest</translation>
    </message>
    <message>
        <source>The time-stamping authority was checked against the certificates in the package, not against a root you trust.</source>
        <translation>The time-stamping authority was checked against the certificates in the package, not against a root you trust.</translation>
    </message>
</context>
<context>
    <name>PrivacyController</name>
    <message>
        <source>You may not change this camera&apos;s privacy masks.</source>
        <translation>You may not change this camera&apos;s privacy masks.</translation>
    </message>
    <message>
        <source>This camera is outside your scope.</source>
        <translation>This camera is outside your scope.</translation>
    </message>
    <message>
        <source>An area has no surface; draw it again.</source>
        <translation>An area has no surface; draw it again.</translation>
    </message>
    <message>
        <source>The masks changed meanwhile; open them again.</source>
        <translation>The masks changed meanwhile; open them again.</translation>
    </message>
    <message>
        <source>The camera&apos;s picture could not be read.</source>
        <translation>The camera&apos;s picture could not be read.</translation>
    </message>
    <message>
        <source>The hub refused (%1).</source>
        <translation>The hub refused (%1).</translation>
    </message>
</context>
<context>
    <name>PrivacyMaskEditor</name>
    <message>
        <source>Privacy masks — %1</source>
        <translation>Privacy masks — %1</translation>
    </message>
    <message>
        <source>Click to add a corner, double-click or Enter to close the area; click an area and press Delete to remove it.</source>
        <translation>Click to add a corner, double-click or Enter to close the area; click an area and press Delete to remove it.</translation>
    </message>
    <message>
        <source>Delete area</source>
        <translation>Delete area</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PtzController</name>
    <message>
        <source>The camera was stopped by the hub.</source>
        <translation>The camera was stopped by the hub.</translation>
    </message>
    <message>
        <source>Free: nobody controls this camera</source>
        <translation>Free: nobody controls this camera</translation>
    </message>
    <message>
        <source>You have reserved this camera until %1</source>
        <translation>You have reserved this camera until %1</translation>
    </message>
    <message>
        <source>You control this camera</source>
        <translation>You control this camera</translation>
    </message>
    <message>
        <source>Reserved by %1 until %2: %3</source>
        <translation>Reserved by %1 until %2: %3</translation>
    </message>
    <message>
        <source>Controlled by %1</source>
        <translation>Controlled by %1</translation>
    </message>
    <message>
        <source>%1 is controlling this camera.</source>
        <translation>%1 is controlling this camera.</translation>
    </message>
    <message>
        <source>%1 has reserved this camera: %2</source>
        <translation>%1 has reserved this camera: %2</translation>
    </message>
    <message>
        <source>This camera cannot pan, tilt or zoom.</source>
        <translation>This camera cannot pan, tilt or zoom.</translation>
    </message>
    <message>
        <source>Too many PTZ commands; wait a moment.</source>
        <translation>Too many PTZ commands; wait a moment.</translation>
    </message>
    <message>
        <source>The camera did not carry out the command. Try again or report it.</source>
        <translation>The camera did not carry out the command. Try again or report it.</translation>
    </message>
    <message>
        <source>A preset with this name already exists.</source>
        <translation>A preset with this name already exists.</translation>
    </message>
    <message>
        <source>This preset no longer exists.</source>
        <translation>This preset no longer exists.</translation>
    </message>
    <message>
        <source>The camera has no room for another preset.</source>
        <translation>The camera has no room for another preset.</translation>
    </message>
    <message>
        <source>You do not have the right to do this.</source>
        <translation>You do not have the right to do this.</translation>
    </message>
    <message>
        <source>This camera of a dedicated system is steered only with a reason.</source>
        <translation>This camera of a dedicated system is steered only with a reason.</translation>
    </message>
    <message>
        <source>This camera is outside your scope.</source>
        <translation>This camera is outside your scope.</translation>
    </message>
    <message>
        <source>This camera no longer exists.</source>
        <translation>This camera no longer exists.</translation>
    </message>
    <message>
        <source>The hub cannot be reached.</source>
        <translation>The hub cannot be reached.</translation>
    </message>
    <message>
        <source>The PTZ command failed (%1).</source>
        <translation>The PTZ command failed (%1).</translation>
    </message>
    <message>
        <source>PTZ</source>
        <translation>PTZ</translation>
    </message>
</context>
<context>
    <name>PtzPad</name>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Zoom +</source>
        <translation>Zoom +</translation>
    </message>
    <message>
        <source>Zoom −</source>
        <translation>Zoom −</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation>Preset name</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Go</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Presets</translation>
    </message>
    <message>
        <source>No PTZ camera selected</source>
        <translation>No PTZ camera selected</translation>
    </message>
</context>
<context>
    <name>PublicationsPanel</name>
    <message>
        <source>Medium</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Published by</source>
        <translation>Published by</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>Blurred</source>
        <translation>Blurred</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>&amp;Publish for citizens…</source>
        <translation>&amp;Publish for citizens…</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>Rendering…</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <source>Publish for citizens — %1</source>
        <translation>Publish for citizens — %1</translation>
    </message>
    <message>
        <source>&amp;Add box</source>
        <translation>&amp;Add box</translation>
    </message>
    <message>
        <source>&amp;Delete box</source>
        <translation>&amp;Delete box</translation>
    </message>
    <message>
        <source>Preview &amp;blur</source>
        <translation>Preview &amp;blur</translation>
    </message>
    <message>
        <source>Note (what is published and why)</source>
        <translation>Note (what is published and why)</translation>
    </message>
    <message>
        <source>Faces and plates of uninvolved people must be blurred: click a box to select it, drag to move, drag its corner to resize (at the current time), Delete to remove.</source>
        <translation>Faces and plates of uninvolved people must be blurred: click a box to select it, drag to move, drag its corner to resize (at the current time), Delete to remove.</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>&amp;Publish</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PublishingActions</name>
    <message>
        <source>Publications</source>
        <translation>Publications</translation>
    </message>
    <message>
        <source>The hub is looking for faces and plates…</source>
        <translation>The hub is looking for faces and plates…</translation>
    </message>
    <message>
        <source>Fetching the blurred frame…</source>
        <translation>Fetching the blurred frame…</translation>
    </message>
    <message>
        <source>The hub&apos;s preview picture could not be read.</source>
        <translation>The hub&apos;s preview picture could not be read.</translation>
    </message>
    <message>
        <source>The hub is blurring and publishing the medium…</source>
        <translation>The hub is blurring and publishing the medium…</translation>
    </message>
    <message>
        <source>Published for citizens (SHA-256 %1).</source>
        <translation>Published for citizens (SHA-256 %1).</translation>
    </message>
    <message>
        <source>Your role does not allow publishing for citizens.</source>
        <translation>Your role does not allow publishing for citizens.</translation>
    </message>
    <message>
        <source>Only a concluded case can be published for citizens (TN 9.2d).</source>
        <translation>Only a concluded case can be published for citizens (TN 9.2d).</translation>
    </message>
    <message>
        <source>That medium is not in the case.</source>
        <translation>That medium is not in the case.</translation>
    </message>
    <message>
        <source>A box lies beyond the end of the clip.</source>
        <translation>A box lies beyond the end of the clip.</translation>
    </message>
    <message>
        <source>The hub could not look for faces and plates; draw the boxes by hand.</source>
        <translation>The hub could not look for faces and plates; draw the boxes by hand.</translation>
    </message>
    <message>
        <source>The hub could not blur the medium.</source>
        <translation>The hub could not blur the medium.</translation>
    </message>
    <message>
        <source>The hub stopped three times while blurring the medium; try again.</source>
        <translation>The hub stopped three times while blurring the medium; try again.</translation>
    </message>
    <message>
        <source>The publication was not found.</source>
        <translation>The publication was not found.</translation>
    </message>
    <message>
        <source>The publication is not ready.</source>
        <translation>The publication is not ready.</translation>
    </message>
    <message>
        <source>The published copy is missing on the hub; tell the administrator.</source>
        <translation>The published copy is missing on the hub; tell the administrator.</translation>
    </message>
    <message>
        <source>A box is not valid (too small, outside the picture, or its times do not increase).</source>
        <translation>A box is not valid (too small, outside the picture, or its times do not increase).</translation>
    </message>
    <message>
        <source>City app</source>
        <translation>City app</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Report incident</source>
        <translation>Report incident</translation>
    </message>
    <message>
        <source>No camera</source>
        <translation>No camera</translation>
    </message>
    <message>
        <source>What happened, since when, what has been done</source>
        <translation>What happened, since when, what has been done</translation>
    </message>
    <message>
        <source>A cyber-security incident or a personal data leak must be notified in writing within 72 hours (TN 11.5).</source>
        <translation>A cyber-security incident or a personal data leak must be notified in writing within 72 hours (TN 11.5).</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>Category:</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Description:</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>Hub %1 stopped answering: the console switched to hub %2.</source>
        <translation>Hub %1 stopped answering: the console switched to hub %2.</translation>
    </message>
    <message>
        <source>Hub %1 presented a certificate this workstation does not trust: the console did not switch to it. Ask your administrator to confirm its certificate.</source>
        <translation>Hub %1 presented a certificate this workstation does not trust: the console did not switch to it. Ask your administrator to confirm its certificate.</translation>
    </message>
</context>
<context>
    <name>StorageDevicesDialog</name>
    <message>
        <source>Registered storage devices</source>
        <translation>Registered storage devices</translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation>Identifier</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Owner unit</source>
        <translation>Owner unit</translation>
    </message>
    <message>
        <source>Asset number</source>
        <translation>Asset number</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>&amp;Revoke</source>
        <translation>&amp;Revoke</translation>
    </message>
    <message>
        <source>Read from a &amp;volume…</source>
        <translation>Read from a &amp;volume…</translation>
    </message>
    <message>
        <source>Owned by a state body (TN 9.2c)</source>
        <translation>Owned by a state body (TN 9.2c)</translation>
    </message>
    <message>
        <source>Re&amp;gister</source>
        <translation>Re&amp;gister</translation>
    </message>
    <message>
        <source>&amp;Identifier:</source>
        <translation>&amp;Identifier:</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>&amp;Label:</translation>
    </message>
    <message>
        <source>&amp;Owner unit:</source>
        <translation>&amp;Owner unit:</translation>
    </message>
    <message>
        <source>&amp;Asset number:</source>
        <translation>&amp;Asset number:</translation>
    </message>
    <message>
        <source>Revoked %1</source>
        <translation>Revoked %1</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>No identifier could be read from this volume&apos;s device.</source>
        <translation>No identifier could be read from this volume&apos;s device.</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>−10 s</source>
        <translation>−10 s</translation>
    </message>
    <message>
        <source>Jump back 10 seconds</source>
        <translation>Jump back 10 seconds</translation>
    </message>
    <message>
        <source>+10 s</source>
        <translation>+10 s</translation>
    </message>
    <message>
        <source>Jump forward 10 seconds</source>
        <translation>Jump forward 10 seconds</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>Playback speed</translation>
    </message>
    <message>
        <source>Date and time to go to</source>
        <translation>Date and time to go to</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Go</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Back to live video</source>
        <translation>Back to live video</translation>
    </message>
    <message>
        <source>Archive: no limit</source>
        <translation>Archive: no limit</translation>
    </message>
    <message numerus="yes">
        <source>Archive: last %n day(s)</source>
        <translation>
            <numerusform>Archive: last %n day</numerusform>
            <numerusform>Archive: last %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Pause playback</source>
        <translation>Pause playback</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Play</translation>
    </message>
    <message>
        <source>Resume playback</source>
        <translation>Resume playback</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Archive timeline</source>
        <translation>Archive timeline</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify a package…</source>
        <translation>Verify a package…</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>C&amp;hoose…</translation>
    </message>
    <message>
        <source>&amp;Package:</source>
        <translation>&amp;Package:</translation>
    </message>
    <message>
        <source>Trusted key fingerprint</source>
        <translation>Trusted key fingerprint</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Verify</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Signed with key %1</source>
        <translation>Signed with key %1</translation>
    </message>
    <message>
        <source>Time-stamp: %1</source>
        <translation>Time-stamp: %1</translation>
    </message>
</context>
<context>
    <name>VideoTile</name>
    <message>
        <source>Camera clock %1 s ahead</source>
        <translation>Camera clock %1 s ahead</translation>
    </message>
    <message>
        <source>Camera clock %1 s behind</source>
        <translation>Camera clock %1 s behind</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>No signal — reconnecting</source>
        <translation>No signal — reconnecting</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>No permission</source>
        <translation>No permission</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Drop a camera here</source>
        <translation>Drop a camera here</translation>
    </message>
    <message>
        <source>Playing</source>
        <translation>Playing</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
</context>
<context>
    <name>WallController</name>
    <message>
        <source>The camera list could not be loaded (%1).</source>
        <translation>The camera list could not be loaded (%1).</translation>
    </message>
</context>
<context>
    <name>WallView</name>
    <message>
        <source>Video wall</source>
        <translation>Video wall</translation>
    </message>
</context>
<context>
    <name>WallsController</name>
    <message>
        <source>Walls</source>
        <translation>Walls</translation>
    </message>
    <message>
        <source>Saved walls…</source>
        <translation>Saved walls…</translation>
    </message>
    <message>
        <source>This wall no longer exists.</source>
        <translation>This wall no longer exists.</translation>
    </message>
    <message>
        <source>This wall cannot be shown: its layout is damaged.</source>
        <translation>This wall cannot be shown: its layout is damaged.</translation>
    </message>
    <message>
        <source>Wall of %1</source>
        <translation>Wall of %1</translation>
    </message>
    <message>
        <source>You already have a wall with this name.</source>
        <translation>You already have a wall with this name.</translation>
    </message>
    <message>
        <source>Only the owner can change this wall.</source>
        <translation>Only the owner can change this wall.</translation>
    </message>
    <message>
        <source>You can share only with your own unit.</source>
        <translation>You can share only with your own unit.</translation>
    </message>
    <message>
        <source>A camera of this wall is no longer in the list.</source>
        <translation>A camera of this wall is no longer in the list.</translation>
    </message>
    <message>
        <source>This display no longer exists.</source>
        <translation>This display no longer exists.</translation>
    </message>
    <message>
        <source>This display has been revoked.</source>
        <translation>This display has been revoked.</translation>
    </message>
    <message>
        <source>This display is outside your scope.</source>
        <translation>This display is outside your scope.</translation>
    </message>
    <message>
        <source>You do not have the right to do this.</source>
        <translation>You do not have the right to do this.</translation>
    </message>
    <message>
        <source>Cannot reach the hub. Check the network.</source>
        <translation>Cannot reach the hub. Check the network.</translation>
    </message>
    <message>
        <source>Check the name: it is empty, too long or not allowed.</source>
        <translation>Check the name: it is empty, too long or not allowed.</translation>
    </message>
    <message>
        <source>The hub refused the request (%1).</source>
        <translation>The hub refused the request (%1).</translation>
    </message>
</context>
<context>
    <name>WallsDialog</name>
    <message>
        <source>Saved walls</source>
        <translation>Saved walls</translation>
    </message>
    <message>
        <source>Name of the current wall</source>
        <translation>Name of the current wall</translation>
    </message>
    <message>
        <source>Share with my unit</source>
        <translation>Share with my unit</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Stop sharing</source>
        <translation>Stop sharing</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Display:</source>
        <translation>Display:</translation>
    </message>
    <message>
        <source>Show selected wall</source>
        <translation>Show selected wall</translation>
    </message>
    <message>
        <source>Show current wall</source>
        <translation>Show current wall</translation>
    </message>
    <message>
        <source>(shared)</source>
        <translation>(shared)</translation>
    </message>
    <message>
        <source>Give the wall a name.</source>
        <translation>Give the wall a name.</translation>
    </message>
    <message>
        <source>Select a wall first.</source>
        <translation>Select a wall first.</translation>
    </message>
    <message>
        <source>No display to show it on.</source>
        <translation>No display to show it on.</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <source>Withdraw the request</source>
        <translation>Withdraw the request</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
</context>
</TS>
