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
password-invalid_character = Only letters, numbers and these special characters: ! " # $ % & ' ( ) * + , - . / \ : ; < = > ? @ [ ] ^ _ ` {"{"} | {"}"} ~
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
error-too_many_requests = Too many attempts. Please wait a few minutes and try again.
error-busy = The service is busy. Please try again in a moment.
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
msg-device-added-body = Hello { $name }, the MFA device "{ $device }" was added to your Umbral account. If you did not do this, call the help desk{ $help_desk } at once.
msg-device-changed-subject = An MFA device on your Umbral account was changed
msg-device-changed-body = Hello { $name }, the number or address of the MFA device "{ $device }" was changed. If you did not do this, call the help desk{ $help_desk } at once.
msg-device-removed-subject = An MFA device was removed from your Umbral account
msg-device-removed-body = Hello { $name }, the MFA device "{ $device }" was removed from your Umbral account. If you did not do this, call the help desk{ $help_desk } at once.
msg-password-changed-subject = Your Umbral password was changed
msg-password-changed-body = Hello { $name }, the password of your Umbral account was changed. If you did not do this, use "Forgot your password" on the login page and call the help desk{ $help_desk }.
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
verify-email-intro = We will email a one-time code to { $email }. Type it below to verify your email address: it is needed at your first login and before you set up your first MFA device.
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
passcode-email-hint = An email may take several minutes to arrive. Look in your spam folder too.
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
field-not_registered = This must be exactly as in your account: the name and date of birth you registered with.
field-forms_pending = Forms for this TIN are already waiting for the help desk. You will hear from us by email.
field-not_recognised = This submitter ID was not issued to you for this TIN, or was already used.
field-not_found = Not found. Check and try again.
field-too_short = Type at least 2 letters.
signed_on-too_old = The signature date must be within the last 30 days.

## Access: emails
msg-no-reason = No reason was given.
msg-form-received-subject = We received your new organization form
msg-form-received-body = We received a new organization form that names this address. Reference: { $reference }. The help desk will review it and email the approver you named.
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
msg-identity-refused-body = Hello { $name }, the help desk could not verify your identity. Please call the help desk{ $help_desk }.
msg-handover-approved-subject = Approver hand-over completed
msg-handover-approved-body = Hello { $name }, the approver hand-over for { $org } is done: { $new } is now its approver.
msg-handover-denied-subject = Approver hand-over not approved
msg-handover-denied-body = Hello { $name }, the help desk did not approve the approver hand-over for { $org }.

## Access: screens
home-org-form-hint = An organization's authorized or delegated official designates its approver here.
access-descriptions-title = Role descriptions
access-descriptions-intro = Is this the correct role for you? Choose the role that matches your work; an approver role includes end-user access.
access-descriptions-link = Role descriptions
access-my-roles-title = My roles
access-my-roles = Roles I hold
access-my-requests = My requests
access-no-roles = You have no roles yet. Request one to get access to an application.
access-request-role = Role request
access-approvals = Approvals
access-help-desk = Help desk
access-status-pending = Pending
access-status-approved = Approved
access-status-denied = Denied
access-decision-reason = Reason given: { $reason }
access-application = Select an application
access-application-hint = Start typing the application's name, then choose it from the list.
access-role = Select a role
access-role-choose = Choose a role
access-identity-title = Verify your identity
access-identity-intro = Use your full legal name, as on your driver's license or financial accounts; no nicknames. If you have a two-part first name, put the second part in the middle name field. Enter your current residential address.
access-identity-middle-hint = For "Mary Beth", type Mary as first name and Beth here.
access-identity-address = Current residential address
access-identity-terms = I have read and agree to the terms of remote identity proofing.
access-identity-confirm-contact = I have contacted the verification service about my review reference number.
access-identity-failed = We could not verify your identity. Contact the verification service and give them your review reference number { $reference }. When they have resolved it, confirm below and try again.
access-identity-failed-twice = We still could not verify your identity (review reference number { $reference }). Ask the help desk to verify you manually.
access-identity-ask-manual = Ask the help desk for manual verification
access-identity-manual-requested = The help desk will verify your identity manually. You will get an email when it is done; then come back to finish your request.
access-identity-refused = The help desk could not verify your identity. Please call the help desk.
access-org-title = Your organization
access-org-create = Create an organization
access-org-associate = Associate with an existing organization
access-org-search-intro = Type the legal business name of your organization, select its state or territory, and press Search.
access-legal-name = Legal business name
access-search = Search
access-org-results = Choose your organization
access-org-not-found = No organization was found. It has not been created by an approver yet: your organization's designated approver must create it first. Please consult your organization's designated official.
access-tin = TIN or SSN
access-tin-hint = 9 digits, as 12-3456789 or 123-45-6789
access-org-address = Address
access-company-phone = Company telephone
access-submitter-id = Submitter ID
access-submitter-id-hint = From the approval communication the help desk emailed you, as SUB-XXXXXXXX.
access-org-create-submit = Create the organization
access-review = Review request
access-review-title = Review your request
access-organization = Organization
access-reason = Reason for request
access-submit-request = Submit role request
access-submitted-title = Request submitted
access-submitted-body = Your request was submitted (reference { $reference }). You will receive an email when it is decided.
access-pending = Requests waiting for you
access-no-pending = Nothing is waiting for your decision.
access-members = My end users
access-request-reason = Reason: { $reason }
access-approve = Approve
access-deny = Deny
access-reject = Reject
access-refuse = Refuse
access-confirm-approve = Approve this request?
access-confirm-deny = Deny this request? The requester will get the reason by email.
access-confirm-approve-button = Yes, approve
access-confirm-deny-button = Yes, deny
access-reason-optional = Note (optional)
access-deny-reason = Reason (required)
access-remove = Remove access
access-remove-confirm = Remove this person's access to your organization?
access-handover-title = Leaving? Hand over to a new approver
access-handover-intro = Name the approver who will manage your organization's access. The help desk processes the form; your approver role ends when theirs begins.
access-handover-new = New approver's user ID
access-handover-submit = Send the hand-over form
access-handover-sent = The hand-over form was sent to the help desk.
access-queue-forms = New organization forms
access-queue-roles = Approver role requests
access-queue-identity = Manual identity verification
access-queue-handovers = Approver hand-over forms
access-queue-empty = Nothing in this queue.
access-form-official = Official
access-form-approver = Approver
access-form-signed = signed by
access-accounts = Accounts
access-accounts-search = User ID, email or name
access-account-active = Active
access-account-locked = Locked
access-account-pending_email_verification = Email not yet verified
access-unlock = Unlock
access-org-form-title = New organization form
access-org-form-intro = The organization's authorized or delegated official designates an approver. The help desk reviews the form and emails the approver a submitter ID.
access-form-official-name = Official's full name
access-form-official-title = Official's title
access-form-official-email = Official's email address
access-form-approver-name = Approver's full name
access-form-approver-email = Approver's email address
access-form-signature = Signature
access-form-signature-hint = Type the official's full name to sign.
access-form-signed-on = Date signed
access-org-form-submit = Submit the form
access-org-form-sent = Thank you. The form was received; reference { $reference }. The help desk will email the approver.
access-setup-title = Set up your account
access-setup-intro = Choose a password and a security question for { $user }.
access-setup-submit = Save
access-setup-done = Your account is set up. Log in to verify your email and add an MFA device.
activity-role_requested = Role requested
activity-role_approved = Role request approved
activity-role_denied = Role request denied
activity-access_removed = Access removed
activity-organization_created = Organization created
activity-submitter_id_refused = Submitter ID refused
activity-identity_verified = Identity verified
activity-identity_not_verified = Identity not verified
activity-manual_verification_requested = Manual identity verification requested
activity-identity_verified_manually = Identity verified by the help desk
activity-identity_refused_manually = Identity refused by the help desk
activity-handover_requested = Approver hand-over requested
activity-handover_approved = Approver hand-over approved
activity-handover_denied = Approver hand-over denied
activity-form_viewed = Organization form viewed
activity-form_approved = Organization form approved
activity-form_rejected = Organization form rejected
activity-account_viewed = Account viewed
activity-account_unlocked_by_help_desk = Account unlocked by the help desk
activity-unlocked_account = Unlocked an account
activity-help_desk_account_created = Help-desk account created
activity-account_set_up = Account set up

## Lifecycle: recertification, inactivity, profile upkeep (server messages)
error-account_inactive = Your account is inactive: nobody logged in to it for 30 days. Reset your password to reactivate it (you will still need your passcode to log in).
email-unchanged = This is already your email address
msg-recert-reminder-subject = Recertification due on { $date } at { $org }
msg-recert-reminder-body = Hello { $name }, { $count } role(s) at { $org } must be recertified by { $date } ({ $days } day(s) left), or they expire that day:
    { $people }
    Keep or remove each one at { $link }
msg-role-expired-subject = Your role has expired
msg-role-expired-body = Hello { $name }, your role { $role } at { $org } expired because it was not recertified this year. Ask your approver, or request the role again at { $link }
msg-role-removed-subject = Your role was removed
msg-role-removed-body = Hello { $name }, your role { $role } at { $org } was removed at its recertification. Reason: { $reason } If you still need it, ask your approver or request it again at { $link }
msg-inactivity-warning-subject = Log in to keep your Umbral account active
msg-inactivity-warning-body = Hello { $name }, nobody has logged in to your account for a while. Log in before { $date } or your account becomes inactive (all users must log in at least once every 30 days): { $link }
msg-account-inactive-subject = Your Umbral account is inactive
msg-account-inactive-body = Hello { $name }, your account is inactive because nobody logged in to it for 30 days. To reactivate it, reset your password at { $link } (choose "Forgot password").
msg-security-question-changed-subject = Your security question was changed
msg-security-question-changed-body = Hello { $name }, the security question of your account was changed. If you did not do this, reset your password now at { $link } and call the help desk{ $help_desk }.
msg-email-changed-subject = Your Umbral email address was changed
msg-email-changed-body = Hello { $name }, the email address of your account was changed to { $new }. If you did not do this, reset your password at { $link } and call the help desk{ $help_desk } to report it.

## Lifecycle: screens
recert-title = Recertification
recert-intro = Every year, confirm that each of your end users still needs their role. A role that is not recertified by its due date expires that day.
recert-none = No one is due for recertification in the next 60 days.
recert-due = Due { $date } ({ $days } days left)
recert-decision-for = Decision for { $name }
recert-keep = Keep
recert-remove = Remove
recert-reason = Reason for removal
recert-reason-hint = The person receives this reason by email.
recert-reason-required = Give the reason for the removal
recert-keep-all = Keep everyone not yet decided
recert-submit = Save decisions ({ $count })
recert-saved = Saved: { $kept } kept, { $removed } removed.
roles-status-active = Recertification due { $date }
roles-status-due-soon = Recertification due { $date } ({ $days } days left): ask your approver to recertify you
roles-status-expired = Expired { $date }
roles-expired-title = Expired roles
roles-expired-intro = These roles expired because they were not recertified, or were removed at recertification. Ask your approver, or request the role again.
roles-recert-note = Roles are recertified every year by your organization's approver. If you lost access to an application, this may be due to the annual certification requirement.
login-inactive-help = All users must log in at least once every 30 days. To reactivate your account, reset your password.
login-inactive-reset = Reset my password
details-title = My details
details-personal = Name, address and phone
details-name-hint = Your password may not contain your name: the next time you change your password, it is checked against the name you save here.
details-save = Save my details
details-saved = Your details were saved.
details-language = Language
details-language-label = Language of the emails we send you
details-language-hint = The site follows the language you choose at the top of every page.
details-language-saved = Saved: your emails will be in this language.
details-email = Email address
details-email-current = Your email address: { $email }
details-email-new = New email address
details-email-send = Send a code to the new address
details-email-sent = We sent a 6-digit code to { $email }. Type it below to change your address. Until then, nothing changes.
details-email-code = Code sent to { $email }
details-email-confirm = Change my email address
details-email-changed = Your email address is now { $email }. We told your old address.
details-email-reauth = For your security, log out and log in again (within 10 minutes) to change your email address.
details-question = Security question
details-current-password = Current password
details-question-save = Change my security question
details-question-saved = Your security question was changed.
lang-offer = Use this language for your emails too?
lang-offer-save = Save it to my account
hd-lifecycle = Recertification and inactivity
hd-approvers-due = Approvers due for recertification
hd-orphaned = Organizations with no approver
hd-orphaned-hint = Its last approver expired or was removed. Contact the organization so a new approver asks for the role.
hd-inactive = Inactive accounts
hd-inactive-since = Inactive since { $date }
hd-reactivate = Reactivate
hd-becoming-inactive = Becoming inactive within 7 days
hd-inactive-on = Inactive on { $date } without a login
hd-expired = Roles expired in the last 30 days
hd-expired-on = expired { $date }
hd-remove-approver = Remove approver
hd-removed = The approver was removed.
hd-removed-orphaned = The approver was removed. The organization has no approver left: it is on the list of organizations with no approver.
access-account-inactive = Inactive (no login for 30 days)
activity-role_recertified = Role recertified
activity-role_removed = Role removed at recertification
activity-role_expired = Role expired (not recertified)
activity-account_inactive = Account inactive (no login for 30 days)
activity-login_refused_inactive = Login refused: account inactive
activity-account_reactivated = Account reactivated
activity-profile_changed = Details changed
activity-language_changed = Language changed
activity-security_question_changed = Security question changed
activity-email_change_started = Email change started
activity-email_changed = Email address changed
activity-email_change_failed = Wrong email change code
activity-current_password_failed = Wrong current password

## Status and maintenance
error-maintenance = Umbral is closed for scheduled maintenance. Please try again when it ends.
status-link = System status
status-title = System status and scheduled maintenance
status-available = Umbral is available.
status-maintenance = Umbral is closed for scheduled maintenance until { $until }.
status-cert-note = Note: if you are unable to access an application, this may be due to the annual certification requirement. Log in and check your role status on
status-schedule-title = Regular maintenance schedule
status-schedule = Umbral is available 24/7, except for routine weekly maintenance ({ $day }, { $start } to { $end } ET) and scheduled outages. During maintenance, logging in may be unavailable.
status-next = Next weekly maintenance: { $start } to { $end }.
status-no-weekly = Umbral has no routine weekly maintenance.
status-times-et = All times are Eastern time (ET): EST in winter, EDT in summer.
status-components = Components
status-component-login = Login
status-component-portal = The portal
status-component-email = Codes by email
status-component-sms = Codes by text message
status-component-voice = Codes by voice call
status-component-authenticator = Authenticator apps
status-state-available = available
status-state-degraded = degraded
status-state-unavailable = unavailable
status-help-desk = Help desk
status-help-desk-phone = Phone
status-help-desk-email = Email
status-help-desk-hours = Hours
login-maintenance = Login is closed for scheduled maintenance until { $until }. Please come back then.
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
error-channel_unavailable = Codes cannot be sent this way right now (scheduled outage). Choose another device, or add another kind of device.
status-outages = Scheduled outages
status-no-outages = No outage is scheduled.
status-outage-when = { $start } to { $end }
status-outage-advice = We recommend registering more than one kind of MFA device, so an outage of one way of sending codes does not keep you out.
passcode-device-out = { $device }: unavailable until { $until }
passcode-some-out = Some of your devices are unavailable because of a scheduled outage. Choose another one.
passcode-all-out = All your devices are unavailable because of a scheduled outage. When you can log in again, add another kind of device (for example an authenticator app) so this does not keep you out.
activity-outage_created = Outage scheduled
activity-outage_changed = Outage changed
activity-outage_ended = Outage ended
hd-outage-new = Schedule an outage
hd-outage-hint = Times in Eastern time (ET), as YYYY-MM-DD HH:MM. An outage of login or the portal closes login (the help desk can still log in); an outage of one way of sending codes disables those devices.
hd-outage-start = Start (ET)
hd-outage-end-time = End (ET)
hd-outage-message-en = Message in English
hd-outage-message-es = Message in Spanish
hd-outage-create = Schedule
hd-outage-end = End now
outage-before_start = The end must come after the start
outage-invalid = Write the time as YYYY-MM-DD HH:MM (Eastern time)

## Urgent alerts, degraded service, the help desk's contact
status-alerts = Current alerts
status-alert-posted = Posted { $when }
status-alert-until = Until { $when }
status-until = until { $until }
status-degraded = Degraded service: it works, but slowly or in part.
status-banner-upcoming = Scheduled outage from { $start } to { $end }: { $components }.
footer-help-desk = Help desk
hd-outage-degraded = Degraded only: slow or partly working, nothing is closed
hd-outage-edit = Edit
hd-outage-save = Save changes
hd-outage-editing = Editing the outage { $id }
hd-cancel = Cancel
hd-alerts = Urgent alerts
hd-alert-new = Post an alert
hd-alert-hint = An alert shows on the status page and at the top of every screen, and is emailed to every active account in its language, in the background. Leave the end empty to show it until you end it.
hd-alert-title-en = Title in English
hd-alert-title-es = Title in Spanish
hd-alert-body-en = Message in English
hd-alert-body-es = Message in Spanish
hd-alert-end = End (ET, optional)
hd-alert-post = Post and email
hd-alert-end-now = End now
hd-alert-none = No alert has been posted.
hd-alert-progress = Emailed { $emailed } of { $accounts } accounts; { $skipped } passed over (unsubscribed, inactive or not verified).
hd-alert-sending = Emailing in progress.
hd-alert-finished = Emailing finished.
hd-alert-ended = Ended
hd-alert-by = Posted by { $who } on { $when }
alert-in_past = The end must be in the future
alert-invalid = Write the time as YYYY-MM-DD HH:MM (Eastern time)
activity-alert_posted = Urgent alert posted
activity-alert_ended = Urgent alert ended
activity-alerts_unsubscribed = Alert emails switched off
activity-alerts_resubscribed = Alert emails switched on
unsub-title = Urgent alert emails
unsub-working = One moment…
unsub-off = You will no longer get urgent alert emails from Umbral. Emails about your account's security (passcodes, password resets, changes to your account) still come.
unsub-on = You will get urgent alert emails from Umbral again.
unsub-undo = Get alert emails again
unsub-stop = Stop alert emails
unsub-bad-link = This link does not work. Copy the whole link from the email into your browser.
msg-alert-subject = Umbral alert: { $title }
msg-alert-body = Hello { $name },
    
    { $body }
    
    System status: { $status }
    
    You get this email because Umbral sends urgent alerts to every account. To stop alert emails, open { $unsubscribe } (emails about your account's security still come).

## Send a link to this page
share-title = Send a link to this page
share-addresses = Email addresses
share-hint = Multiple email addresses must be separated by a semicolon (;). At most 10.
share-send = Send the link
share-sent = The link was sent.
share-invalid = One of these is not an email address
share-too_many = At most 10 addresses at a time
share-use_semicolons = Separate the addresses with semicolons (;), not commas
share-page-home = Umbral identity and access portal
share-page-status = System status and scheduled maintenance
share-page-role-descriptions = Role descriptions
share-page-organization-form = New organization form
share-page-register = Register for an Umbral account
msg-share-subject = A link to an Umbral page: { $title }
msg-share-body = Someone sent you a link to this page of the Umbral identity and access portal: { $title }
    { $link }
    Umbral did not write anything else in this email. If you did not expect it, you can ignore it.
error-licence_required = Accept the application's licence before you use it.
error-licence_changed = The licence has just changed. Read the new version, then accept it.
activity-document_submitted = Document submitted
activity-document_downloaded = Document downloaded
activity-licence_accepted = Licence accepted
msg-receipt-subject = Receipt { $reference }: your document was received
msg-receipt-body = Hello { $name },
    
    Umbral received your secure document submission.
    
    Reference number: { $reference }
    Received: { $received }
    Receipt date: { $receipt_date }
    Type: { $doc_type }
    Subject: { $subject }
    Organization: { $organization }
    Files: { $files }
    
    Submissions received after 6 p.m. ET on a weekday, or on a weekend or federal holiday, receive the next business day as their receipt date.
    
    See it at { $link }. If you did not send this, call the help desk{ $help_desk }.
