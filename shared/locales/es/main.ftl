## Site chrome
app-name = Umbral
app-tagline = Portal de identidad y acceso
skip-to-content = Ir al contenido
lang-en = English
lang-es = Español
lang-switch = Idioma
text-size = Tamaño del texto
text-size-small = A
text-size-medium = A+
text-size-large = A++
text-size-small-label = Texto normal
text-size-medium-label = Texto más grande
text-size-large-label = Texto máximo
footer-note = Umbral protege su cuenta. Nunca comparta su ID de usuario, su contraseña ni sus códigos de acceso.

## Home
home-title = Bienvenido a Umbral
home-intro = Regístrese una vez, demuestre quién es y solicite acceso a las aplicaciones de su organización.
home-register = Registro de usuario nuevo
home-register-hint = ¿Aún no tiene cuenta? Son tres pasos breves.
home-login = Iniciar sesión
home-login-soon = Inicie sesión con su ID de usuario, su contraseña y un código de acceso de un solo uso.
not-found-title = Página no encontrada
not-found-body = La página que solicitó no existe.
back-home = Volver a la página de inicio

## Registration
reg-title = Registro de usuario nuevo
reg-step = Paso { $n } de { $total }
reg-step-personal = Sus datos
reg-step-contact = Información de contacto
reg-step-credentials = ID de usuario, contraseña y seguridad
reg-personal-intro = Escriba su nombre legal, su fecha de nacimiento y su correo electrónico tal como constan en sus registros.
reg-contact-intro = Escriba la dirección de su domicilio y su número de teléfono principal.
reg-credentials-intro = Cada persona necesita su propia cuenta: las cuentas no se pueden compartir.
reg-next = Siguiente
reg-back = Atrás
reg-submit = Enviar
reg-submitting = Enviando…
reg-fix-errors = Corrija los campos señalados.
reg-optional = (opcional)
reg-done-title = Su cuenta ha sido creada
reg-done-body = Su ID de usuario es { $user_id }. Guárdelo en un lugar seguro.
reg-done-next = Próximo paso: inicie sesión con su ID de usuario y su contraseña. En el primer inicio de sesión le enviaremos por correo electrónico un código de un solo uso para verificar su dirección, y configurará un dispositivo de autenticación multifactor.
reg-done-return = Volver

field-first_name = Nombre
field-middle_name = Segundo nombre
field-last_name = Apellido
field-date_of_birth = Fecha de nacimiento
field-date_of_birth-hint = Formato: AAAA-MM-DD
field-email = Correo electrónico
field-terms = He leído y acepto los términos y condiciones.
terms-title = Términos y condiciones
terms-body = Este sistema es solo para uso autorizado. Su actividad puede ser supervisada y registrada. Debe mantener sus credenciales en privado, dar información verdadera sobre su identidad y avisar al aprobador de su organización cuando ya no necesite acceso.
field-address_line1 = Dirección del domicilio
field-address_line2 = Línea 2 de la dirección
field-city = Ciudad
field-state = Estado o territorio
field-state-choose = Elija un estado o territorio
field-zip = Código postal (ZIP)
field-zip-hint = 5 dígitos, o ZIP+4 como 12345-6789
field-phone = Teléfono principal
field-phone-hint = 10 dígitos, por ejemplo 904-555-0123
field-user_id = ID de usuario
field-password = Contraseña
field-confirm_password = Confirme la contraseña
field-security_question = Pregunta de seguridad
field-security_question-choose = Elija una pregunta
field-security_answer = Respuesta
show-password = Mostrar contraseña
rules-heading = Requisitos
rule-met = cumplido
rule-unmet = no cumplido

## Rule messages: generic field rules
field-required = Este campo es obligatorio.
field-invalid = Este valor no es válido.
field-in_future = La fecha no puede ser futura.
field-too_young = Debe tener al menos 18 años.
field-too_old = Escriba una fecha de nacimiento de los últimos 120 años.
field-taken = Este ID de usuario ya existe. Elija otro.
field-mismatch = Las contraseñas no coinciden.
email-invalid = Escriba un correo electrónico como nombre@ejemplo.com.
phone-invalid = Escriba un número de teléfono de EE. UU. de 10 dígitos.
zip-invalid = Escriba un código postal de 5 dígitos o ZIP+4 (12345-6789).
date_of_birth-invalid = Escriba una fecha real con el formato AAAA-MM-DD.
name-invalid = Use solo letras, espacios, guiones, apóstrofos y puntos (50 como máximo).
terms_accepted-required = Debe aceptar los términos y condiciones para continuar.

## User ID rules
user_id-too_short = Al menos 6 caracteres
user_id-too_long = Como máximo 74 caracteres
user_id-invalid_character = Solo letras, números y los caracteres especiales . - _ @
user_id-at_sign_not_email = El signo @ solo si el ID de usuario es un correo electrónico (j.doe@abc.com)
user_id-special_at_edge = No empieza ni termina con un carácter especial
user_id-consecutive_specials = Sin dos caracteres especiales seguidos
user_id-nine_digits = Sin número de Seguro Social y sin nueve dígitos seguidos

## Password rules
password-too_short = Al menos 15 caracteres
password-too_long = Como máximo 60 caracteres
password-missing_digit = Al menos un número
password-missing_lowercase = Al menos una letra minúscula
password-missing_uppercase = Al menos una letra mayúscula
password-invalid_character = Solo letras, números y estos caracteres especiales: ! " # $ % & ( ) * + , - . / \ : ; < = > ? @ [ ] ^ _ ` {"{"} | {"}"} ~
password-contains_user_id = No contiene su ID de usuario ni ninguna parte de él
password-contains_name = No contiene ninguna parte de su nombre ni de su apellido
password-reused = Debe ser distinta de sus seis contraseñas anteriores
password-changed_too_recently = La contraseña solo se puede cambiar una vez al día

## Security questions
sq-first_pet = ¿Cómo se llamaba su primera mascota?
sq-birth_city = ¿En qué ciudad nació?
sq-first_school = ¿Cómo se llamaba su primera escuela?
sq-childhood_friend = ¿Cuál es el nombre de su mejor amigo de la infancia?
sq-first_car = ¿De qué marca era su primer automóvil?
sq-mother_maiden = ¿Cuál es el apellido de soltera de su madre?

## API errors
error-validation_failed = Algunos campos requieren su atención.
error-conflict = Este ID de usuario ya existe.
error-malformed = No se pudo leer la solicitud.
error-unsupported_media_type = Envíe la solicitud en formato JSON.
error-payload_too_large = La solicitud es demasiado grande.
error-not_found = No encontrado.
error-forbidden = Esta solicitud no está permitida.
error-internal = Algo salió mal de nuestra parte. Inténtelo de nuevo.
error-network = No pudimos comunicarnos con el servidor. Revise su conexión e inténtelo de nuevo.
error-invalid_credentials = El ID de usuario o la contraseña no son correctos.
error-account_locked = Su cuenta está bloqueada. Para desbloquearla, use el enlace de ayuda de la página de inicio de sesión o llame a la mesa de ayuda.
error-challenge_expired = Este inicio de sesión ha vencido. Vuelva a empezar.
error-wrong_step = Ese paso no está disponible ahora. Vuelva a empezar.
error-invalid_passcode = El código de acceso es incorrecto, venció o ya se usó. Pida uno nuevo o espere el siguiente código.
error-unauthenticated = Inicie sesión.
error-session_expired = Su sesión ha terminado. Vuelva a iniciar sesión.
error-reauthentication_required = Por su seguridad, vuelva a iniciar sesión antes de cambiar sus dispositivos.
error-device_in_use = Este número de teléfono o correo electrónico ya está registrado en otra cuenta.
error-last_device = No puede eliminar su único dispositivo MFA. Agregue otro primero.
error-too_many_devices = Ya tiene el máximo de dispositivos permitido. Elimine uno antes de agregar otro.
error-too_many_requests = Se enviaron demasiados códigos. Espere y vuelva a empezar.
error-link_invalid = Este enlace venció o ya se usó. Pida uno nuevo.
error-delivery_failed = No pudimos enviar el código. Inténtelo de nuevo o elija otro dispositivo.

## Field rules added by the server
field-incorrect = No es correcto
field-expired = Este código venció o se intentó demasiadas veces. Pida uno nuevo.
code-invalid = Escriba los 6 dígitos del código
current_password-incorrect = Esta no es su contraseña actual
security_answer-incorrect = Esta respuesta no coincide con la registrada

## Devices
device-kind-authenticator = Aplicación de autenticación (Google Authenticator, Okta Verify, Symantec VIP)
device-kind-sms = Mensaje de texto (SMS)
device-kind-voice = Llamada de voz (IVR)
device-kind-email = Correo electrónico
device-kind-short-authenticator = Aplicación de autenticación
device-kind-short-sms = Mensaje de texto
device-kind-short-voice = Llamada de voz
device-kind-short-email = Correo electrónico
digit-0 = cero
digit-1 = uno
digit-2 = dos
digit-3 = tres
digit-4 = cuatro
digit-5 = cinco
digit-6 = seis
digit-7 = siete
digit-8 = ocho
digit-9 = nueve

## Messages sent to people
msg-code-subject = Su código de acceso de Umbral
msg-code-email = Su código de acceso de Umbral es { $code }. Vence en { $minutes } minutos. Si usted no intentó iniciar sesión, cambie su contraseña.
msg-code-sms = Código de Umbral: { $code }. Vence en { $minutes } min. No lo comparta.
msg-code-voice = Le habla Umbral. Su código de acceso es: { $digits }. Repito: { $digits }.
msg-device-added-subject = Se agregó un dispositivo MFA a su cuenta de Umbral
msg-device-added-body = Hola, { $name }: se agregó el dispositivo MFA "{ $device }" a su cuenta de Umbral. Si usted no lo hizo, llame de inmediato a la mesa de ayuda.
msg-device-changed-subject = Se cambió un dispositivo MFA de su cuenta de Umbral
msg-device-changed-body = Hola, { $name }: se cambió el número o la dirección del dispositivo MFA "{ $device }". Si usted no lo hizo, llame de inmediato a la mesa de ayuda.
msg-device-removed-subject = Se eliminó un dispositivo MFA de su cuenta de Umbral
msg-device-removed-body = Hola, { $name }: se eliminó el dispositivo MFA "{ $device }" de su cuenta de Umbral. Si usted no lo hizo, llame de inmediato a la mesa de ayuda.
msg-password-changed-subject = Se cambió su contraseña de Umbral
msg-password-changed-body = Hola, { $name }: se cambió la contraseña de su cuenta de Umbral. Si usted no lo hizo, use "¿Olvidó su contraseña?" en la página de inicio de sesión y llame a la mesa de ayuda.
msg-locked-subject = Su cuenta de Umbral está bloqueada
msg-locked-body = Hola, { $name }: su cuenta de Umbral se bloqueó tras demasiados intentos fallidos. Para desbloquearla, vaya a { $link } y elija "Mi cuenta está bloqueada".
msg-reset-subject = Restablezca su contraseña de Umbral
msg-reset-body = Hola, { $name }: para elegir una contraseña nueva, abra este enlace en los próximos { $minutes } minutos: { $link } Si usted no lo pidió, ignore este correo.
msg-unlock-subject = Desbloquee su cuenta de Umbral
msg-unlock-body = Hola, { $name }: para desbloquear su cuenta, abra este enlace en los próximos { $minutes } minutos: { $link } Si usted no lo pidió, ignore este correo.
msg-user-id-subject = Su ID de usuario de Umbral
msg-user-id-body = Hola, { $name }: el ID de usuario registrado con este correo electrónico es: { $ids }. Inicie sesión en { $link }

## Login
nav-login = Iniciar sesión
nav-profile = Mi perfil
nav-logout = Cerrar sesión
login-title = Iniciar sesión
login-intro = Inicie sesión con su ID de usuario y su contraseña. Después escribirá un código de acceso de uno de sus dispositivos MFA.
login-user-id = ID de usuario
login-password = Contraseña
login-submit = Iniciar sesión
login-help = ¿Olvidó su contraseña o su ID de usuario, o necesita desbloquear su cuenta?
login-register = Registro de usuario nuevo
login-show-password = Mostrar la contraseña
login-session-ended = Su sesión ha terminado. Vuelva a iniciar sesión.
login-logged-out = Ha cerrado la sesión.
verify-email-title = Verifique su correo electrónico
verify-email-intro = Este es su primer inicio de sesión. Enviaremos un código de un solo uso a { $email }. Escríbalo abajo para verificar su correo electrónico.
verify-email-send = Envíenme un correo electrónico
verify-email-sent = Enviamos un código a { $email }. Puede tardar unos minutos en llegar.
verify-email-resend = Enviar un código nuevo
code-label = Código
code-hint = Los 6 dígitos, por ejemplo 123456
verify-submit = Verificar
enroll-title = Configure su dispositivo MFA
enroll-intro = Necesita al menos un dispositivo MFA para iniciar sesión. Elija cómo quiere recibir sus códigos de acceso.
passcode-title = Escriba su código de acceso
passcode-intro = Elija el dispositivo que va a usar. El código se envía solo al dispositivo que elija y sirve una sola vez.
passcode-device = Dispositivo MFA
passcode-send = Envíenme un código de acceso
passcode-sent = Enviamos un código de acceso a { $device }.
passcode-app-hint = Abra su aplicación de autenticación y escriba el código de 6 dígitos que muestra ahora.
passcode-submit = Iniciar sesión
start-over = Volver a empezar

## Devices
devices-title = Administrar dispositivos MFA y de recuperación
devices-intro = Usted inicia sesión con un código de acceso de uno de estos dispositivos. Registre al menos dos, para poder entrar aunque uno no esté disponible.
devices-one-banner = Tiene un solo dispositivo MFA. Agregue un segundo para poder iniciar sesión aunque este se pierda o falle.
devices-add = Agregar otro dispositivo
devices-kind = Tipo de dispositivo
devices-choose-kind = Elija un tipo de dispositivo
devices-label = Nombre de este dispositivo (opcional)
devices-label-hint = Por ejemplo "Teléfono del trabajo"
devices-phone = Número de teléfono móvil
devices-phone-hint = 10 dígitos, por ejemplo (813) 555-0100
devices-email = Correo electrónico
devices-continue = Continuar
devices-cancel = Cancelar
devices-scan = Escanee este código QR con su aplicación de autenticación o escriba en ella la clave de abajo.
devices-secret = Clave
devices-app-code = Luego escriba el código de 6 dígitos que muestra la aplicación.
devices-code-sent = Enviamos un código a { $contact }. Escríbalo abajo.
devices-resend = Enviar un código nuevo
devices-added-title = Dispositivo agregado
devices-added-body = Su dispositivo "{ $device }" está listo. Le enviamos una confirmación por correo electrónico.
devices-changed-body = Se verificó el número o la dirección nueva de "{ $device }".
devices-back = Volver a mis dispositivos
devices-default = Usado la última vez
devices-pending = Aún sin verificar
devices-verify = Verificar
devices-edit = Editar
devices-save = Guardar
devices-remove = Eliminar
devices-remove-confirm = ¿Eliminar "{ $device }"? Ya no podrá iniciar sesión con él.
devices-remove-yes = Sí, eliminarlo
devices-removed = Se eliminó el dispositivo.
devices-new-phone = Número de teléfono nuevo (opcional)
devices-new-email = Correo electrónico nuevo (opcional)
devices-reauth = Por su seguridad, vuelva a iniciar sesión antes de agregar, eliminar o cambiar un dispositivo.

## Profile
profile-title = Mi perfil
profile-welcome = Bienvenido/a, { $name }
profile-user-id = ID de usuario
profile-email = Correo electrónico
profile-devices = Administrar dispositivos MFA y de recuperación
profile-password = Cambiar la contraseña
profile-activity = Actividad reciente
profile-session = Su sesión termina tras 30 minutos sin actividad.
activity-login = Inició sesión
activity-logout = Cerró la sesión
activity-login_failed = Contraseña incorrecta
activity-passcode_failed = Código de acceso incorrecto
activity-password_accepted = Contraseña aceptada
activity-account_locked = Cuenta bloqueada
activity-login_refused_locked = Inicio de sesión rechazado: cuenta bloqueada
activity-email_verified = Correo electrónico verificado
activity-device_added = Dispositivo MFA agregado
activity-device_changed = Dispositivo MFA cambiado
activity-device_renamed = Dispositivo MFA renombrado
activity-device_removed = Dispositivo MFA eliminado
activity-device_verification_failed = Código de verificación de dispositivo incorrecto
activity-password_changed = Contraseña cambiada
activity-password_change_failed = Contraseña actual incorrecta
activity-password_reset_requested = Se pidió restablecer la contraseña
activity-password_reset = Contraseña restablecida
activity-unlock_requested = Se pidió desbloquear la cuenta
activity-account_unlocked = Cuenta desbloqueada
activity-user_id_reminder_sent = Se envió el recordatorio del ID de usuario

## Change password
password-title = Cambiar la contraseña
password-current = Contraseña actual
password-new = Contraseña nueva
password-submit = Cambiar la contraseña
password-done = Se cambió su contraseña.

## Account help
help-title = ¿Olvidó su contraseña o su ID de usuario?
help-intro = Elija lo que necesita. Enviaremos un correo electrónico a la dirección de su cuenta.
help-choice = ¿Qué necesita?
help-forgot-password = Olvidé mi contraseña
help-forgot-user-id = Olvidé mi ID de usuario
help-unlock = Mi cuenta está bloqueada
help-user-id = ID de usuario
help-email = Correo electrónico con el que se registró
help-submit = Envíenme un correo electrónico
help-sent = Si una cuenta coincide con lo que escribió, le enviamos un correo electrónico. El enlace del correo vence en 30 minutos.
reset-title = Elija una contraseña nueva
reset-question = Pregunta de seguridad
reset-answer = Su respuesta
reset-submit = Cambiar la contraseña
reset-done = Se cambió su contraseña y su cuenta está desbloqueada. Inicie sesión con su contraseña nueva; igual escribirá un código de acceso.
unlock-title = Desbloquee su cuenta
unlock-submit = Desbloquear mi cuenta
unlock-done = Su cuenta está desbloqueada. Ya puede iniciar sesión.
link-loading = Comprobando su enlace…
new-link = Pedir un enlace nuevo

## Access: errors and rule messages
error-organization_exists = Ya existe una organización con este TIN. No cree otra: asóciese a ella buscando su nombre legal comercial y su estado.
error-already_granted = Ya tiene este rol para esta organización (un rol de aprobador incluye el acceso de usuario final).
error-already_pending = Ya solicitó este rol para esta organización. Espere la decisión.
error-identity_required = Este rol requiere primero la verificación de su identidad.
error-already_decided = Esto ya se decidió.
error-identity_step = La verificación de identidad no está disponible en este paso.
error-use_handover = El acceso de un aprobador termina con el formulario de traspaso de aprobador, para que la organización siempre tenga un aprobador.
field-organization_exists = Ya existe una organización con este TIN: asóciese a ella.
field-signature_mismatch = Para firmar, escriba el nombre del representante exactamente como arriba.
field-not_recognised = Este ID de remitente no se emitió a su nombre para este TIN, o ya se usó.
field-not_found = No se encontró. Revise e inténtelo de nuevo.
field-too_short = Escriba al menos 2 letras.
signed_on-too_old = La fecha de la firma debe estar dentro de los últimos 30 días.

## Access: emails
msg-no-reason = No se indicó ningún motivo.
msg-form-received-subject = Recibimos su formulario de nueva organización
msg-form-received-body = Recibimos el formulario de nueva organización de { $org }. Referencia: { $reference }. La mesa de ayuda lo revisará y enviará un correo al aprobador que usted designó.
msg-form-approved-subject = Comunicación de aprobación: su ID de remitente de Umbral
msg-form-approved-body = Hola { $name }: la mesa de ayuda aprobó el formulario de nueva organización de { $org }. Su ID de remitente es { $submitter }. Sirve una sola vez y solo para usted. Regístrese o inicie sesión en { $link }, elija Solicitud de rol y un rol de aprobador, y cree la organización con este ID de remitente.
msg-form-rejected-subject = Su formulario de nueva organización no fue aprobado
msg-form-rejected-body = La mesa de ayuda no aprobó el formulario de nueva organización de { $org }. Motivo: { $reason }
msg-request-received-subject = Recibimos su solicitud de rol
msg-request-received-body = Hola { $name }: recibimos su solicitud del rol { $role } en { $org } (referencia { $reference }). Recibirá un correo cuando se decida.
msg-request-to-approve-subject = Una solicitud de rol espera su aprobación
msg-request-to-approve-body = Hola { $name }: { $requester } solicitó el rol { $role } en { $org }. Apruébela o recházela en { $link }
msg-request-approved-subject = Su solicitud de rol fue aprobada
msg-request-approved-body = Hola { $name }: su solicitud del rol { $role } en { $org } fue aprobada. Vea sus roles en { $link }
msg-request-denied-subject = Su solicitud de rol fue rechazada
msg-request-denied-body = Hola { $name }: su solicitud del rol { $role } en { $org } fue rechazada. Motivo: { $reason } Puede hacer una nueva solicitud en { $link }
msg-access-removed-subject = Se retiró su acceso
msg-access-removed-body = Hola { $name }: su aprobador retiró su acceso a { $org }.
msg-identity-approved-subject = Su identidad fue verificada
msg-identity-approved-body = Hola { $name }: la mesa de ayuda verificó su identidad. Ya puede completar su solicitud de rol en { $link }
msg-identity-refused-subject = No se pudo verificar su identidad
msg-identity-refused-body = Hola { $name }: la mesa de ayuda no pudo verificar su identidad. Llame a la mesa de ayuda.
msg-handover-approved-subject = Traspaso de aprobador completado
msg-handover-approved-body = Hola { $name }: el traspaso de aprobador de { $org } está hecho: { $new } es ahora su aprobador.
msg-handover-denied-subject = Traspaso de aprobador no aprobado
msg-handover-denied-body = Hola { $name }: la mesa de ayuda no aprobó el traspaso de aprobador de { $org }.
