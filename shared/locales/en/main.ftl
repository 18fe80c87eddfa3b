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
