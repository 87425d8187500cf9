"""«No soy un robot» on every registration step (issue 17 point 1).

``CaptchaDep`` is the dependency of each public step a script could use to enumerate
documents or to spend a person's attempts: registration steps 1–3 and the account
creation, the password-reset request and the employer account creation. Each request
carries its own proof in ``X-Captcha`` (a real provider's token is single use, so each
step costs a human); without a valid one the step answers 400 ``captcha-invalido`` before
anything is read, counted or written, and when the provider cannot answer, 503
``captcha-no-disponible`` (``eps_runtime.captcha_proveedor``: refused, never accepted).
"""

from typing import Annotated

from fastapi import Depends, Header, Request

from identity.application.errores import CaptchaInvalido
from identity.bootstrap import Aplicacion


async def exigir_captcha(
    request: Request,
    x_captcha: Annotated[
        str | None,
        Header(description="Token de «No soy un robot» (CAPTCHA) de este paso.", max_length=4096),
    ] = None,
) -> None:
    aplicacion: Aplicacion = request.app.state.aplicacion
    ip = request.client.host if request.client else None
    if not await aplicacion.captcha.verificar(x_captcha, ip):
        raise CaptchaInvalido()


CaptchaDep = Depends(exigir_captcha)
