<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
        <source>Log in to the control-room hub</source>
        <translation>Log in to the control-room hub</translation>
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
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>vwall — Video wall</source>
        <translation>vwall — Video wall</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
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
    <name>VideoTile</name>
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
</context>
<context>
    <name>WallView</name>
    <message>
        <source>Video wall</source>
        <translation>Video wall</translation>
    </message>
</context>
</TS>
