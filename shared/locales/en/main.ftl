## Site chrome
app-name = Umbral
app-tagline = Identity and access portal
skip-to-content = Skip to content
lang-en = English
lang-es = Español
lang-switch = Language
text-size = Text size
text-size-small = A
text-size-medium = A+
text-size-large = A++
text-size-small-label = Normal text
text-size-medium-label = Larger text
text-size-large-label = Largest text
footer-note = Umbral keeps your account secure. Never share your user ID, password or passcodes.

## Home
home-title = Welcome to Umbral
home-intro = Register once, prove who you are, and request access to your organisation's applications.
home-register = New user registration
home-register-hint = No account yet? It takes three short steps.
home-login = Log in
home-login-soon = Log in with your user ID, password and a one-time passcode.
not-found-title = Page not found
not-found-body = The page you asked for does not exist.
back-home = Back to the home page

## Registration
reg-title = New user registration
reg-step = Step { $n } of { $total }
reg-step-personal = Your information
reg-step-contact = Contact information
reg-step-credentials = User ID, password and security
reg-personal-intro = Enter your legal name, date of birth and email address as they appear on your records.
reg-contact-intro = Enter your home address and primary phone number.
reg-credentials-intro = Each person needs their own account: accounts cannot be shared.
reg-next = Next
reg-back = Back
reg-submit = Submit
reg-submitting = Submitting…
reg-fix-errors = Please correct the highlighted fields.
reg-optional = (optional)
reg-done-title = Your account has been created
reg-done-body = Your user ID is { $user_id }. Keep it safe.
reg-done-next = What comes next: log in with your user ID and password. At your first login we email you a one-time code to verify your email address, and you set up a multifactor authentication device.
reg-done-return = Return

field-first_name = First name
field-middle_name = Middle name
field-last_name = Last name
field-date_of_birth = Date of birth
field-date_of_birth-hint = Format: YYYY-MM-DD
field-email = Email address
field-terms = I have read and agree to the terms and conditions.
terms-title = Terms and conditions
terms-body = This system is for authorised use only. Your activity may be monitored and recorded. You must keep your credentials to yourself, give true information about who you are, and tell your organisation's approver when you no longer need access.
field-address_line1 = Home address
field-address_line2 = Address line 2
field-city = City
field-state = State or territory
field-state-choose = Choose a state or territory
field-zip = ZIP code
field-zip-hint = 5 digits, or ZIP+4 as 12345-6789
field-phone = Primary phone number
field-phone-hint = 10 digits, for example 904-555-0123
field-user_id = User ID
field-password = Password
field-confirm_password = Confirm password
field-security_question = Security question
field-security_question-choose = Choose a question
field-security_answer = Answer
show-password = Show password
rules-heading = Requirements
rule-met = met
rule-unmet = not met

## Rule messages: generic field rules
field-required = This field is required.
field-invalid = This value is not valid.
field-in_future = The date cannot be in the future.
field-too_young = You must be at least 18 years old.
field-too_old = Enter a date of birth within the last 120 years.
field-taken = This user ID is already taken. Choose another.
field-mismatch = The passwords do not match.
email-invalid = Enter an email address like name@example.com.
phone-invalid = Enter a 10-digit US phone number.
zip-invalid = Enter a 5-digit ZIP code or ZIP+4 (12345-6789).
date_of_birth-invalid = Enter a real date as YYYY-MM-DD.
name-invalid = Use letters, spaces, hyphens, apostrophes and periods only (50 at most).
terms_accepted-required = You must accept the terms and conditions to continue.

## User ID rules
user_id-too_short = At least 6 characters
user_id-too_long = At most 74 characters
user_id-invalid_character = Only letters, numbers and the special characters . - _ @
user_id-at_sign_not_email = The @ sign only when the user ID is an email address (j.doe@abc.com)
user_id-special_at_edge = Does not start or end with a special character
user_id-consecutive_specials = No two special characters in a row
user_id-nine_digits = No Social Security number and no nine digits in a row

## Password rules
password-too_short = At least 15 characters
password-too_long = At most 60 characters
password-missing_digit = At least one number
password-missing_lowercase = At least one lower-case letter
password-missing_uppercase = At least one upper-case letter
password-invalid_character = Only letters, numbers and these special characters: ! " # $ % & ( ) * + , - . / \ : ; < = > ? @ [ ] ^ _ ` {"{"} | {"}"} ~
password-contains_user_id = Does not contain your user ID or any part of it
password-contains_name = Does not contain any part of your first or last name
password-reused = Must differ from your previous six passwords
password-changed_too_recently = Passwords may be changed only once a day

## Security questions
sq-first_pet = What was the name of your first pet?
sq-birth_city = In what city were you born?
sq-first_school = What was the name of your first school?
sq-childhood_friend = What is the first name of your childhood best friend?
sq-first_car = What was the make of your first car?
sq-mother_maiden = What is your mother's maiden name?

## API errors
error-validation_failed = Some fields need your attention.
error-conflict = This user ID is already taken.
error-malformed = The request could not be read.
error-unsupported_media_type = Send the request as JSON.
error-payload_too_large = The request is too large.
error-not_found = Not found.
error-forbidden = This request is not allowed.
error-internal = Something went wrong on our side. Please try again.
error-network = We could not reach the server. Check your connection and try again.
error-invalid_credentials = The user ID or password is not correct.
error-account_locked = Your account is locked. To unlock it, use the account help link on the login page, or call the help desk.
error-challenge_expired = This login has expired. Please start again.
error-wrong_step = That step is not available now. Please start again.
error-invalid_passcode = The passcode is wrong, expired or already used. Ask for a new one or wait for the next code.
error-unauthenticated = Please log in.
error-session_expired = Your session has ended. Please log in again.
error-reauthentication_required = For your security, log in again before changing your devices.
error-device_in_use = This phone number or email address is already registered to another account.
error-last_device = You cannot remove your only MFA device. Add another one first.
error-too_many_devices = You have the most devices allowed. Remove one before adding another.
error-too_many_requests = Too many codes were sent. Please wait and start again.
error-link_invalid = This link has expired or was already used. Ask for a new one.
error-delivery_failed = We could not send the code. Try again or choose another device.

## Field rules added by the server
field-incorrect = This is not correct
field-expired = This code has expired or was tried too many times. Ask for a new one.
code-invalid = Enter the 6 digits of the code
current_password-incorrect = This is not your current password
security_answer-incorrect = This answer does not match the one on file

## Devices
device-kind-authenticator = Authenticator app (Google Authenticator, Okta Verify, Symantec VIP)
device-kind-sms = Text message (SMS)
device-kind-voice = Voice call (IVR)
device-kind-email = Email
device-kind-short-authenticator = Authenticator app
device-kind-short-sms = Text message
device-kind-short-voice = Voice call
device-kind-short-email = Email
digit-0 = zero
digit-1 = one
digit-2 = two
digit-3 = three
digit-4 = four
digit-5 = five
digit-6 = six
digit-7 = seven
digit-8 = eight
digit-9 = nine

## Messages sent to people
msg-code-subject = Your Umbral passcode
msg-code-email = Your Umbral passcode is { $code }. It expires in { $minutes } minutes. If you did not try to log in, change your password.
msg-code-sms = Umbral passcode: { $code }. Expires in { $minutes } min. Never share it.
msg-code-voice = This is Umbral. Your passcode is: { $digits }. Again: { $digits }.
msg-device-added-subject = A new MFA device was added to your Umbral account
msg-device-added-body = Hello { $name }, the MFA device "{ $device }" was added to your Umbral account. If you did not do this, call the help desk at once.
msg-device-changed-subject = An MFA device on your Umbral account was changed
msg-device-changed-body = Hello { $name }, the number or address of the MFA device "{ $device }" was changed. If you did not do this, call the help desk at once.
msg-device-removed-subject = An MFA device was removed from your Umbral account
msg-device-removed-body = Hello { $name }, the MFA device "{ $device }" was removed from your Umbral account. If you did not do this, call the help desk at once.
msg-password-changed-subject = Your Umbral password was changed
msg-password-changed-body = Hello { $name }, the password of your Umbral account was changed. If you did not do this, use "Forgot your password" on the login page and call the help desk.
msg-locked-subject = Your Umbral account is locked
msg-locked-body = Hello { $name }, your Umbral account was locked after too many failed attempts. To unlock it, go to { $link } and choose "My account is locked".
msg-reset-subject = Reset your Umbral password
msg-reset-body = Hello { $name }, to choose a new password open this link within { $minutes } minutes: { $link } If you did not ask for this, ignore this email.
msg-unlock-subject = Unlock your Umbral account
msg-unlock-body = Hello { $name }, to unlock your account open this link within { $minutes } minutes: { $link } If you did not ask for this, ignore this email.
msg-user-id-subject = Your Umbral user ID
msg-user-id-body = Hello { $name }, the user ID registered with this email address: { $ids }. Log in at { $link }

## Login
nav-login = Log in
nav-profile = My profile
nav-logout = Log out
login-title = Log in
login-intro = Log in with your user ID and password. Then you will enter a passcode from one of your MFA devices.
login-user-id = User ID
login-password = Password
login-submit = Log in
login-help = Forgot your password or user ID, or need to unlock your account?
login-register = New user registration
login-show-password = Show password
login-session-ended = Your session has ended. Please log in again.
login-logged-out = You are logged out.
verify-email-title = Verify your email
verify-email-intro = This is your first login. We will email a one-time code to { $email }. Type it below to verify your email address.
verify-email-send = Send me an email
verify-email-sent = We sent a code to { $email }. It can take a few minutes to arrive.
verify-email-resend = Send a new code
code-label = Code
code-hint = The 6 digits, for example 123456
verify-submit = Verify
enroll-title = Set up your MFA device
enroll-intro = You need at least one MFA device to log in. Choose how you want to receive your passcodes.
passcode-title = Enter your passcode
passcode-intro = Choose the device to use. A passcode is sent only to the device you choose, and works once.
passcode-device = MFA device
passcode-send = Send me a passcode
passcode-sent = We sent a passcode to { $device }.
passcode-app-hint = Open your authenticator app and type the 6-digit code it shows now.
passcode-submit = Log in
start-over = Start again

## Devices
devices-title = Manage MFA and recovery devices
devices-intro = You log in with a passcode from one of these devices. Register at least two, so you can still log in if one is not available.
devices-one-banner = You have only one MFA device. Add a second one so you can still log in if this one is lost or not working.
devices-add = Add another device
devices-kind = Type of device
devices-choose-kind = Choose a type of device
devices-label = Name for this device (optional)
devices-label-hint = For example "Work phone"
devices-phone = Mobile phone number
devices-phone-hint = 10 digits, for example (813) 555-0100
devices-email = Email address
devices-continue = Continue
devices-cancel = Cancel
devices-scan = Scan this QR code with your authenticator app, or type the key below into it.
devices-secret = Key
devices-app-code = Then type the 6-digit code the app shows.
devices-code-sent = We sent a code to { $contact }. Type it below.
devices-resend = Send a new code
devices-added-title = Device added
devices-added-body = Your device "{ $device }" is ready. We sent a confirmation to your email.
devices-changed-body = The new number or address of "{ $device }" is verified.
devices-back = Back to my devices
devices-default = Used last time
devices-pending = Not verified yet
devices-verify = Verify
devices-edit = Edit
devices-save = Save
devices-remove = Remove
devices-remove-confirm = Remove "{ $device }"? You will no longer be able to log in with it.
devices-remove-yes = Yes, remove it
devices-removed = The device was removed.
devices-new-phone = New phone number (optional)
devices-new-email = New email address (optional)
devices-reauth = For your security, log in again before you add, remove or change a device.

## Profile
profile-title = My profile
profile-welcome = Welcome, { $name }
profile-user-id = User ID
profile-email = Email
profile-devices = Manage MFA and recovery devices
profile-password = Change password
profile-activity = Recent activity
profile-session = Your session ends after 30 minutes without activity.
activity-login = Logged in
activity-logout = Logged out
activity-login_failed = Wrong password
activity-passcode_failed = Wrong passcode
activity-password_accepted = Password accepted
activity-account_locked = Account locked
activity-login_refused_locked = Login refused: account locked
activity-email_verified = Email verified
activity-device_added = MFA device added
activity-device_changed = MFA device changed
activity-device_renamed = MFA device renamed
activity-device_removed = MFA device removed
activity-device_verification_failed = Wrong device verification code
activity-password_changed = Password changed
activity-password_change_failed = Wrong current password
activity-password_reset_requested = Password reset requested
activity-password_reset = Password reset
activity-unlock_requested = Unlock requested
activity-account_unlocked = Account unlocked
activity-user_id_reminder_sent = User ID reminder sent

## Change password
password-title = Change password
password-current = Current password
password-new = New password
password-submit = Change password
password-done = Your password has been changed.

## Account help
help-title = Forgot your password or user ID?
help-intro = Choose what you need. We will send an email to the address on your account.
help-choice = What do you need?
help-forgot-password = I forgot my password
help-forgot-user-id = I forgot my user ID
help-unlock = My account is locked
help-user-id = User ID
help-email = Email address you registered with
help-submit = Send me an email
help-sent = If an account matches what you entered, we have emailed it. The link in the email expires in 30 minutes.
reset-title = Choose a new password
reset-question = Security question
reset-answer = Your answer
reset-submit = Change password
reset-done = Your password has been changed and your account is unlocked. Log in with your new password; you will still enter a passcode.
unlock-title = Unlock your account
unlock-submit = Unlock my account
unlock-done = Your account is unlocked. You can log in now.
link-loading = Checking your link…
new-link = Ask for a new link

## Access: errors and rule messages
error-organization_exists = An organization with this TIN already exists. Do not create a new one: associate with it by searching for its legal business name and state.
error-already_granted = You already have this role for this organization (an approver role includes end-user access).
error-already_pending = You already asked for this role for this organization. Wait for the decision.
error-identity_required = This role needs your identity verified first.
error-already_decided = This was already decided.
error-identity_step = Identity verification is not available at this step.
error-use_handover = An approver's access ends through the approver hand-over form, so the organization always has an approver.
field-organization_exists = An organization with this TIN already exists: associate with it.
field-signature_mismatch = Type the official's name exactly as above to sign.
field-not_recognised = This submitter ID was not issued to you for this TIN, or was already used.
field-not_found = Not found. Check and try again.
field-too_short = Type at least 2 letters.
signed_on-too_old = The signature date must be within the last 30 days.

## Access: emails
msg-no-reason = No reason was given.
msg-form-received-subject = We received your new organization form
msg-form-received-body = We received the new organization form for { $org }. Reference: { $reference }. The help desk will review it and email the approver you named.
msg-form-approved-subject = Approval communication: your Umbral submitter ID
msg-form-approved-body = Hello { $name }, the help desk approved the new organization form for { $org }. Your submitter ID is { $submitter }. It works once, for you. Register or log in at { $link }, then choose Role request, an approver role, and create the organization with this submitter ID.
msg-form-rejected-subject = Your new organization form was not approved
msg-form-rejected-body = The help desk did not approve the new organization form for { $org }. Reason: { $reason }
msg-request-received-subject = We received your role request
msg-request-received-body = Hello { $name }, we received your request for the role { $role } at { $org } (reference { $reference }). You will get an email when it is decided.
msg-request-to-approve-subject = A role request is waiting for your approval
msg-request-to-approve-body = Hello { $name }, { $requester } asked for the role { $role } at { $org }. Approve or deny it at { $link }
msg-request-approved-subject = Your role request was approved
msg-request-approved-body = Hello { $name }, your request for the role { $role } at { $org } was approved. See your roles at { $link }
msg-request-denied-subject = Your role request was denied
msg-request-denied-body = Hello { $name }, your request for the role { $role } at { $org } was denied. Reason: { $reason } You can make a new request at { $link }
msg-access-removed-subject = Your access was removed
msg-access-removed-body = Hello { $name }, your approver removed your access to { $org }.
msg-identity-approved-subject = Your identity was verified
msg-identity-approved-body = Hello { $name }, the help desk verified your identity. You can now complete your role request at { $link }
msg-identity-refused-subject = Your identity could not be verified
msg-identity-refused-body = Hello { $name }, the help desk could not verify your identity. Please call the help desk.
msg-handover-approved-subject = Approver hand-over completed
msg-handover-approved-body = Hello { $name }, the approver hand-over for { $org } is done: { $new } is now its approver.
msg-handover-denied-subject = Approver hand-over not approved
msg-handover-denied-body = Hello { $name }, the help desk did not approve the approver hand-over for { $org }.
