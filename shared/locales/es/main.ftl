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
