<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
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
