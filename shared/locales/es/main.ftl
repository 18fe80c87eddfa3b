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
password-invalid_character = Solo letras, números y estos caracteres especiales: ! " # $ % & ' ( ) * + , - . / \ : ; < = > ? @ [ ] ^ _ ` {"{"} | {"}"} ~
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
error-too_many_requests = Demasiados intentos. Espere unos minutos y vuelva a intentarlo.
error-busy = El servicio está ocupado. Vuelva a intentarlo en un momento.
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
msg-device-added-body = Hola, { $name }: se agregó el dispositivo MFA "{ $device }" a su cuenta de Umbral. Si usted no lo hizo, llame de inmediato a la mesa de ayuda{ $help_desk }.
msg-device-changed-subject = Se cambió un dispositivo MFA de su cuenta de Umbral
msg-device-changed-body = Hola, { $name }: se cambió el número o la dirección del dispositivo MFA "{ $device }". Si usted no lo hizo, llame de inmediato a la mesa de ayuda{ $help_desk }.
msg-device-removed-subject = Se eliminó un dispositivo MFA de su cuenta de Umbral
msg-device-removed-body = Hola, { $name }: se eliminó el dispositivo MFA "{ $device }" de su cuenta de Umbral. Si usted no lo hizo, llame de inmediato a la mesa de ayuda{ $help_desk }.
msg-password-changed-subject = Se cambió su contraseña de Umbral
msg-password-changed-body = Hola, { $name }: se cambió la contraseña de su cuenta de Umbral. Si usted no lo hizo, use "¿Olvidó su contraseña?" en la página de inicio de sesión y llame a la mesa de ayuda{ $help_desk }.
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
verify-email-intro = Enviaremos un código de un solo uso a { $email }. Escríbalo abajo para verificar su correo electrónico: se pide en su primer inicio de sesión y antes de configurar su primer dispositivo MFA.
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
passcode-email-hint = Un correo electrónico puede tardar varios minutos en llegar. Revise también su carpeta de correo no deseado.
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
field-not_registered = Debe coincidir con su cuenta: el nombre y la fecha de nacimiento con los que se registró.
field-forms_pending = Ya hay formularios de este TIN esperando a la mesa de ayuda. Le responderemos por correo electrónico.
field-not_recognised = Este ID de remitente no se emitió a su nombre para este TIN, o ya se usó.
field-not_found = No se encontró. Revise e inténtelo de nuevo.
field-too_short = Escriba al menos 2 letras.
signed_on-too_old = La fecha de la firma debe estar dentro de los últimos 30 días.

## Access: emails
msg-no-reason = No se indicó ningún motivo.
msg-form-received-subject = Recibimos su formulario de nueva organización
msg-form-received-body = Recibimos un formulario de nueva organización que indica esta dirección. Referencia: { $reference }. La mesa de ayuda lo revisará y enviará un correo al aprobador que usted designó.
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
msg-identity-refused-body = Hola { $name }: la mesa de ayuda no pudo verificar su identidad. Llame a la mesa de ayuda{ $help_desk }.
msg-handover-approved-subject = Traspaso de aprobador completado
msg-handover-approved-body = Hola { $name }: el traspaso de aprobador de { $org } está hecho: { $new } es ahora su aprobador.
msg-handover-denied-subject = Traspaso de aprobador no aprobado
msg-handover-denied-body = Hola { $name }: la mesa de ayuda no aprobó el traspaso de aprobador de { $org }.

## Access: screens
home-org-form-hint = El representante autorizado o delegado de una organización designa aquí a su aprobador.
access-descriptions-title = Descripción de los roles
access-descriptions-intro = ¿Es este el rol correcto para usted? Elija el rol que corresponde a su trabajo; un rol de aprobador incluye el acceso de usuario final.
access-descriptions-link = Descripción de los roles
access-my-roles-title = Mis roles
access-my-roles = Roles que tengo
access-my-requests = Mis solicitudes
access-no-roles = Todavía no tiene roles. Solicite uno para acceder a una aplicación.
access-request-role = Solicitud de rol
access-approvals = Aprobaciones
access-help-desk = Mesa de ayuda
access-status-pending = Pendiente
access-status-approved = Aprobada
access-status-denied = Rechazada
access-decision-reason = Motivo indicado: { $reason }
access-application = Seleccione una aplicación
access-application-hint = Empiece a escribir el nombre de la aplicación y elíjala de la lista.
access-role = Seleccione un rol
access-role-choose = Elija un rol
access-identity-title = Verifique su identidad
access-identity-intro = Use su nombre legal completo, como en su licencia de conducir o sus cuentas financieras; sin apodos. Si su nombre tiene dos partes, escriba la segunda en el campo de segundo nombre. Indique su dirección residencial actual.
access-identity-middle-hint = Para "Mary Beth", escriba Mary como nombre y Beth aquí.
access-identity-address = Dirección residencial actual
access-identity-terms = He leído y acepto los términos de la verificación remota de identidad.
access-identity-confirm-contact = Me comuniqué con el servicio de verificación por mi número de referencia de revisión.
access-identity-failed = No pudimos verificar su identidad. Comuníquese con el servicio de verificación y deles su número de referencia de revisión { $reference }. Cuando lo hayan resuelto, confírmelo abajo e inténtelo de nuevo.
access-identity-failed-twice = Seguimos sin poder verificar su identidad (número de referencia de revisión { $reference }). Pida a la mesa de ayuda que lo verifique manualmente.
access-identity-ask-manual = Pedir verificación manual a la mesa de ayuda
access-identity-manual-requested = La mesa de ayuda verificará su identidad manualmente. Recibirá un correo cuando esté hecho; luego vuelva para terminar su solicitud.
access-identity-refused = La mesa de ayuda no pudo verificar su identidad. Llame a la mesa de ayuda.
access-org-title = Su organización
access-org-create = Crear una organización
access-org-associate = Asociarse a una organización existente
access-org-search-intro = Escriba el nombre legal comercial de su organización, seleccione su estado o territorio y pulse Buscar.
access-legal-name = Nombre legal comercial
access-search = Buscar
access-org-results = Elija su organización
access-org-not-found = No se encontró ninguna organización. Un aprobador todavía no la ha creado: el aprobador designado de su organización debe crearla primero. Consulte con el representante designado de su organización.
access-tin = TIN o SSN
access-tin-hint = 9 dígitos, como 12-3456789 o 123-45-6789
access-org-address = Dirección
access-company-phone = Teléfono de la empresa
access-submitter-id = ID de remitente
access-submitter-id-hint = De la comunicación de aprobación que le envió la mesa de ayuda, como SUB-XXXXXXXX.
access-org-create-submit = Crear la organización
access-review = Revisar la solicitud
access-review-title = Revise su solicitud
access-organization = Organización
access-reason = Motivo de la solicitud
access-submit-request = Enviar la solicitud de rol
access-submitted-title = Solicitud enviada
access-submitted-body = Su solicitud se envió (referencia { $reference }). Recibirá un correo cuando se decida.
access-pending = Solicitudes que esperan su decisión
access-no-pending = No hay nada pendiente de su decisión.
access-members = Mis usuarios finales
access-request-reason = Motivo: { $reason }
access-approve = Aprobar
access-deny = Rechazar
access-reject = Rechazar
access-refuse = Denegar
access-confirm-approve = ¿Aprobar esta solicitud?
access-confirm-deny = ¿Rechazar esta solicitud? El solicitante recibirá el motivo por correo.
access-confirm-approve-button = Sí, aprobar
access-confirm-deny-button = Sí, rechazar
access-reason-optional = Nota (opcional)
access-deny-reason = Motivo (obligatorio)
access-remove = Retirar el acceso
access-remove-confirm = ¿Retirar el acceso de esta persona a su organización?
access-handover-title = ¿Se va? Traspase a un nuevo aprobador
access-handover-intro = Indique el aprobador que administrará el acceso de su organización. La mesa de ayuda tramita el formulario; su rol de aprobador termina cuando empieza el del nuevo.
access-handover-new = ID de usuario del nuevo aprobador
access-handover-submit = Enviar el formulario de traspaso
access-handover-sent = El formulario de traspaso se envió a la mesa de ayuda.
access-queue-forms = Formularios de nueva organización
access-queue-roles = Solicitudes de rol de aprobador
access-queue-identity = Verificación manual de identidad
access-queue-handovers = Formularios de traspaso de aprobador
access-queue-empty = No hay nada en esta cola.
access-form-official = Representante
access-form-approver = Aprobador
access-form-signed = firmado por
access-accounts = Cuentas
access-accounts-search = ID de usuario, correo o nombre
access-account-active = Activa
access-account-locked = Bloqueada
access-account-pending_email_verification = Correo aún no verificado
access-unlock = Desbloquear
access-org-form-title = Formulario de nueva organización
access-org-form-intro = El representante autorizado o delegado de la organización designa a un aprobador. La mesa de ayuda revisa el formulario y envía al aprobador un ID de remitente por correo.
access-form-official-name = Nombre completo del representante
access-form-official-title = Cargo del representante
access-form-official-email = Correo electrónico del representante
access-form-approver-name = Nombre completo del aprobador
access-form-approver-email = Correo electrónico del aprobador
access-form-signature = Firma
access-form-signature-hint = Escriba el nombre completo del representante para firmar.
access-form-signed-on = Fecha de la firma
access-org-form-submit = Enviar el formulario
access-org-form-sent = Gracias. Recibimos el formulario; referencia { $reference }. La mesa de ayuda enviará un correo al aprobador.
access-setup-title = Configure su cuenta
access-setup-intro = Elija una contraseña y una pregunta de seguridad para { $user }.
access-setup-submit = Guardar
access-setup-done = Su cuenta está configurada. Inicie sesión para verificar su correo y agregar un dispositivo MFA.
activity-role_requested = Rol solicitado
activity-role_approved = Solicitud de rol aprobada
activity-role_denied = Solicitud de rol rechazada
activity-access_removed = Acceso retirado
activity-organization_created = Organización creada
activity-submitter_id_refused = ID de remitente rechazado
activity-identity_verified = Identidad verificada
activity-identity_not_verified = Identidad no verificada
activity-manual_verification_requested = Verificación manual de identidad solicitada
activity-identity_verified_manually = Identidad verificada por la mesa de ayuda
activity-identity_refused_manually = Identidad denegada por la mesa de ayuda
activity-handover_requested = Traspaso de aprobador solicitado
activity-handover_approved = Traspaso de aprobador aprobado
activity-handover_denied = Traspaso de aprobador rechazado
activity-form_viewed = Formulario de organización consultado
activity-form_approved = Formulario de organización aprobado
activity-form_rejected = Formulario de organización rechazado
activity-account_viewed = Cuenta consultada
activity-account_unlocked_by_help_desk = Cuenta desbloqueada por la mesa de ayuda
activity-unlocked_account = Desbloqueó una cuenta
activity-help_desk_account_created = Cuenta de mesa de ayuda creada
activity-account_set_up = Cuenta configurada

## Lifecycle: recertification, inactivity, profile upkeep (server messages)
error-account_inactive = Su cuenta está inactiva: nadie inició sesión en ella durante 30 días. Restablezca su contraseña para reactivarla (igual necesitará su código de acceso para iniciar sesión).
email-unchanged = Esta ya es su dirección de correo
msg-recert-reminder-subject = Recertificación pendiente para el { $date } en { $org }
msg-recert-reminder-body = Hola { $name }: { $count } rol(es) en { $org } deben recertificarse antes del { $date } (queda(n) { $days } día(s)); si no, vencen ese día:
    { $people }
    Mantenga o retire cada uno en { $link }
msg-role-expired-subject = Su rol ha vencido
msg-role-expired-body = Hola { $name }: su rol { $role } en { $org } venció porque no se recertificó este año. Pídaselo a su aprobador o solicite el rol de nuevo en { $link }
msg-role-removed-subject = Se retiró su rol
msg-role-removed-body = Hola { $name }: su rol { $role } en { $org } se retiró en su recertificación. Motivo: { $reason } Si todavía lo necesita, pídaselo a su aprobador o solicítelo de nuevo en { $link }
msg-inactivity-warning-subject = Inicie sesión para mantener activa su cuenta de Umbral
msg-inactivity-warning-body = Hola { $name }: hace tiempo que nadie inicia sesión en su cuenta. Inicie sesión antes del { $date } o su cuenta quedará inactiva (todos los usuarios deben iniciar sesión al menos una vez cada 30 días): { $link }
msg-account-inactive-subject = Su cuenta de Umbral está inactiva
msg-account-inactive-body = Hola { $name }: su cuenta está inactiva porque nadie inició sesión en ella durante 30 días. Para reactivarla, restablezca su contraseña en { $link } (elija «Olvidé mi contraseña»).
msg-security-question-changed-subject = Se cambió su pregunta de seguridad
msg-security-question-changed-body = Hola { $name }: se cambió la pregunta de seguridad de su cuenta. Si no fue usted, restablezca su contraseña ahora en { $link } y llame a la mesa de ayuda{ $help_desk }.
msg-email-changed-subject = Se cambió su dirección de correo de Umbral
msg-email-changed-body = Hola { $name }: la dirección de correo de su cuenta se cambió a { $new }. Si no fue usted, restablezca su contraseña en { $link } y llame a la mesa de ayuda{ $help_desk } para informarlo.

## Lifecycle: screens
recert-title = Recertificación
recert-intro = Cada año, confirme que cada uno de sus usuarios finales todavía necesita su rol. Un rol que no se recertifica antes de su fecha de vencimiento vence ese día.
recert-none = Nadie debe recertificarse en los próximos 60 días.
recert-due = Vence el { $date } (quedan { $days } días)
recert-decision-for = Decisión para { $name }
recert-keep = Mantener
recert-remove = Retirar
recert-reason = Motivo del retiro
recert-reason-hint = La persona recibe este motivo por correo electrónico.
recert-reason-required = Indique el motivo del retiro
recert-keep-all = Mantener a todos los que faltan por decidir
recert-submit = Guardar decisiones ({ $count })
recert-saved = Guardado: { $kept } mantenido(s), { $removed } retirado(s).
roles-status-active = Recertificación el { $date }
roles-status-due-soon = Recertificación el { $date } (quedan { $days } días): pida a su aprobador que lo recertifique
roles-status-expired = Venció el { $date }
roles-expired-title = Roles vencidos
roles-expired-intro = Estos roles vencieron porque no se recertificaron, o se retiraron en la recertificación. Pídaselos a su aprobador o solicite el rol de nuevo.
roles-recert-note = El aprobador de su organización recertifica los roles cada año. Si perdió el acceso a una aplicación, puede deberse al requisito de certificación anual.
login-inactive-help = Todos los usuarios deben iniciar sesión al menos una vez cada 30 días. Para reactivar su cuenta, restablezca su contraseña.
login-inactive-reset = Restablecer mi contraseña
details-title = Mis datos
details-personal = Nombre, dirección y teléfono
details-name-hint = Su contraseña no puede contener su nombre: la próxima vez que cambie su contraseña, se comprobará con el nombre que guarde aquí.
details-save = Guardar mis datos
details-saved = Se guardaron sus datos.
details-language = Idioma
details-language-label = Idioma de los correos que le enviamos
details-language-hint = El sitio usa el idioma que elija en la parte superior de cada página.
details-language-saved = Guardado: sus correos llegarán en este idioma.
details-email = Correo electrónico
details-email-current = Su correo electrónico: { $email }
details-email-new = Nuevo correo electrónico
details-email-send = Enviar un código a la nueva dirección
details-email-sent = Enviamos un código de 6 dígitos a { $email }. Escríbalo abajo para cambiar su dirección. Hasta entonces, nada cambia.
details-email-code = Código enviado a { $email }
details-email-confirm = Cambiar mi correo electrónico
details-email-changed = Su correo electrónico ahora es { $email }. Avisamos a su dirección anterior.
details-email-reauth = Por su seguridad, cierre sesión y vuelva a iniciarla (en los últimos 10 minutos) para cambiar su correo electrónico.
details-question = Pregunta de seguridad
details-current-password = Contraseña actual
details-question-save = Cambiar mi pregunta de seguridad
details-question-saved = Se cambió su pregunta de seguridad.
lang-offer = ¿Usar también este idioma para sus correos?
lang-offer-save = Guardarlo en mi cuenta
hd-lifecycle = Recertificación e inactividad
hd-approvers-due = Aprobadores que deben recertificarse
hd-orphaned = Organizaciones sin aprobador
hd-orphaned-hint = Su último aprobador venció o fue retirado. Comuníquese con la organización para que un nuevo aprobador solicite el rol.
hd-inactive = Cuentas inactivas
hd-inactive-since = Inactiva desde el { $date }
hd-reactivate = Reactivar
hd-becoming-inactive = Quedarán inactivas en 7 días
hd-inactive-on = Inactiva el { $date } si no inicia sesión
hd-expired = Roles vencidos en los últimos 30 días
hd-expired-on = venció el { $date }
hd-remove-approver = Retirar aprobador
hd-removed = Se retiró al aprobador.
hd-removed-orphaned = Se retiró al aprobador. La organización se quedó sin aprobador: está en la lista de organizaciones sin aprobador.
access-account-inactive = Inactiva (sin inicio de sesión en 30 días)
activity-role_recertified = Rol recertificado
activity-role_removed = Rol retirado en la recertificación
activity-role_expired = Rol vencido (no recertificado)
activity-account_inactive = Cuenta inactiva (sin inicio de sesión en 30 días)
activity-login_refused_inactive = Inicio de sesión rechazado: cuenta inactiva
activity-account_reactivated = Cuenta reactivada
activity-profile_changed = Datos cambiados
activity-language_changed = Idioma cambiado
activity-security_question_changed = Pregunta de seguridad cambiada
activity-email_change_started = Cambio de correo iniciado
activity-email_changed = Correo electrónico cambiado
activity-email_change_failed = Código de cambio de correo incorrecto
activity-current_password_failed = Contraseña actual incorrecta

## Status and maintenance
error-maintenance = Umbral está cerrado por mantenimiento programado. Vuelva a intentarlo cuando termine.
status-link = Estado del sistema
status-title = Estado del sistema y mantenimiento programado
status-available = Umbral está disponible.
status-maintenance = Umbral está cerrado por mantenimiento programado hasta el { $until }.
status-cert-note = Nota: si no puede acceder a una aplicación, puede deberse al requisito de certificación anual. Inicie sesión y verifique el estado de sus roles en
status-schedule-title = Horario regular de mantenimiento
status-schedule = Umbral está disponible las 24 horas, los 7 días, salvo el mantenimiento semanal de rutina ({ $day }, de { $start } a { $end } ET) y las interrupciones programadas. Durante el mantenimiento, es posible que no pueda iniciar sesión.
status-next = Próximo mantenimiento semanal: del { $start } al { $end }.
status-no-weekly = Umbral no tiene mantenimiento semanal de rutina.
status-times-et = Todas las horas son del este de EE. UU. (ET): EST en invierno, EDT en verano.
status-components = Componentes
status-component-login = Inicio de sesión
status-component-portal = El portal
status-component-email = Códigos por correo electrónico
status-component-sms = Códigos por mensaje de texto
status-component-voice = Códigos por llamada de voz
status-component-authenticator = Aplicaciones de autenticación
status-state-available = disponible
status-state-degraded = con fallas
status-state-unavailable = no disponible
status-help-desk = Mesa de ayuda
status-help-desk-phone = Teléfono
status-help-desk-email = Correo electrónico
status-help-desk-hours = Horario
login-maintenance = El inicio de sesión está cerrado por mantenimiento programado hasta el { $until }. Vuelva entonces.
weekday-1 = lunes
weekday-2 = martes
weekday-3 = miércoles
weekday-4 = jueves
weekday-5 = viernes
weekday-6 = sábado
weekday-7 = domingo
error-channel_unavailable = Ahora no se pueden enviar códigos por esta vía (interrupción programada). Elija otro dispositivo o agregue otro tipo de dispositivo.
status-outages = Interrupciones programadas
status-no-outages = No hay interrupciones programadas.
status-outage-when = Del { $start } al { $end }
status-outage-advice = Le recomendamos registrar más de un tipo de dispositivo MFA, para que la interrupción de una vía de envío de códigos no le impida entrar.
passcode-device-out = { $device }: no disponible hasta el { $until }
passcode-some-out = Algunos de sus dispositivos no están disponibles por una interrupción programada. Elija otro.
passcode-all-out = Ninguno de sus dispositivos está disponible por una interrupción programada. Cuando pueda volver a entrar, agregue otro tipo de dispositivo (por ejemplo, una aplicación de autenticación) para que esto no le impida el acceso.
activity-outage_created = Interrupción programada
activity-outage_changed = Interrupción cambiada
activity-outage_ended = Interrupción terminada
hd-outage-new = Programar una interrupción
hd-outage-hint = Horas del este (ET), como AAAA-MM-DD HH:MM. Una interrupción del inicio de sesión o del portal cierra el inicio de sesión (la mesa de ayuda aún puede entrar); la de una vía de envío de códigos desactiva esos dispositivos.
hd-outage-start = Inicio (ET)
hd-outage-end-time = Fin (ET)
hd-outage-message-en = Mensaje en inglés
hd-outage-message-es = Mensaje en español
hd-outage-create = Programar
hd-outage-end = Terminar ahora
outage-before_start = El fin debe ser posterior al inicio
outage-invalid = Escriba la hora como AAAA-MM-DD HH:MM (hora del este)

## Avisos urgentes, servicio con fallas, contacto de la mesa de ayuda
status-alerts = Avisos actuales
status-alert-posted = Publicado el { $when }
status-alert-until = Hasta el { $when }
status-until = hasta el { $until }
status-degraded = Servicio con fallas: funciona, pero lento o en parte.
status-banner-upcoming = Interrupción programada del { $start } al { $end }: { $components }.
footer-help-desk = Mesa de ayuda
hd-outage-degraded = Solo con fallas: lento o funcionando en parte, no se cierra nada
hd-outage-edit = Editar
hd-outage-save = Guardar cambios
hd-outage-editing = Editando la interrupción { $id }
hd-cancel = Cancelar
hd-alerts = Avisos urgentes
hd-alert-new = Publicar un aviso
hd-alert-hint = Un aviso aparece en la página de estado y en la parte superior de cada pantalla, y se envía por correo a cada cuenta activa en su idioma, en segundo plano. Deje el fin vacío para mostrarlo hasta que usted lo termine.
hd-alert-title-en = Título en inglés
hd-alert-title-es = Título en español
hd-alert-body-en = Mensaje en inglés
hd-alert-body-es = Mensaje en español
hd-alert-end = Fin (ET, opcional)
hd-alert-post = Publicar y enviar
hd-alert-end-now = Terminar ahora
hd-alert-none = No se ha publicado ningún aviso.
hd-alert-progress = Enviado a { $emailed } de { $accounts } cuentas; { $skipped } omitidas (sin suscripción, inactivas o sin verificar).
hd-alert-sending = Envío en curso.
hd-alert-finished = Envío terminado.
hd-alert-ended = Terminado
hd-alert-by = Publicado por { $who } el { $when }
alert-in_past = El fin debe ser una hora futura
alert-invalid = Escriba la hora como AAAA-MM-DD HH:MM (hora del este)
activity-alert_posted = Aviso urgente publicado
activity-alert_ended = Aviso urgente terminado
activity-alerts_unsubscribed = Correos de avisos desactivados
activity-alerts_resubscribed = Correos de avisos activados
unsub-title = Correos de avisos urgentes
unsub-working = Un momento…
unsub-off = Ya no recibirá correos de avisos urgentes de Umbral. Los correos sobre la seguridad de su cuenta (códigos, restablecimientos de contraseña, cambios en su cuenta) seguirán llegando.
unsub-on = Volverá a recibir correos de avisos urgentes de Umbral.
unsub-undo = Recibir avisos otra vez
unsub-stop = Dejar de recibir avisos
unsub-bad-link = Este enlace no funciona. Copie el enlace completo del correo en su navegador.
msg-alert-subject = Aviso de Umbral: { $title }
msg-alert-body = Hola { $name }:
    
    { $body }
    
    Estado del sistema: { $status }
    
    Recibe este correo porque Umbral envía avisos urgentes a todas las cuentas. Para dejar de recibirlos, abra { $unsubscribe } (los correos sobre la seguridad de su cuenta seguirán llegando).

## Enviar un enlace a esta página
share-title = Enviar un enlace a esta página
share-addresses = Direcciones de correo electrónico
share-hint = Si son varias direcciones, sepárelas con punto y coma (;). Diez como máximo.
share-send = Enviar el enlace
share-sent = Se envió el enlace.
share-invalid = Una de ellas no es una dirección de correo electrónico
share-too_many = Diez direcciones como máximo por vez
share-use_semicolons = Separe las direcciones con punto y coma (;), no con comas
share-page-home = Portal de identidad y acceso Umbral
share-page-status = Estado del sistema y mantenimiento programado
share-page-role-descriptions = Descripciones de los roles
share-page-organization-form = Formulario de nueva organización
share-page-register = Registrarse para obtener una cuenta de Umbral
msg-share-subject = Un enlace a una página de Umbral: { $title }
msg-share-body = Alguien le envió un enlace a esta página del portal de identidad y acceso Umbral: { $title }
    { $link }
    Umbral no escribió nada más en este correo. Si no lo esperaba, puede ignorarlo.
error-licence_required = Acepte la licencia de la aplicación antes de usarla.
error-licence_changed = La licencia acaba de cambiar. Lea la nueva versión y luego acéptela.
activity-document_submitted = Documento enviado
activity-document_downloaded = Documento descargado
activity-licence_accepted = Licencia aceptada
msg-receipt-subject = Recibo { $reference }: recibimos su documento
msg-receipt-body = Hola { $name }:
    
    Umbral recibió su envío seguro de documentación.
    
    Número de referencia: { $reference }
    Recibido: { $received }
    Fecha de recibo: { $receipt_date }
    Tipo: { $doc_type }
    Asunto: { $subject }
    Organización: { $organization }
    Archivos: { $files }
    
    Los envíos recibidos después de las 6 p. m. ET en un día laborable, o en fin de semana o día feriado federal, tienen como fecha de recibo el siguiente día hábil.
    
    Véalo en { $link }. Si usted no lo envió, llame a la mesa de ayuda{ $help_desk }.
