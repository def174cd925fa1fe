"""`Authorization: Bearer <token>` for systems, and the scopes `lezen` and `schrijven`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from zicht.api.models import ApiClient
from zicht.api.problemen import Probleem
from zicht.api.tokens import client_bij_token


class BearerAuthenticatie(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[ApiClient, None] | None:
        kop = get_authorization_header(request).split()
        if not kop:
            return None  # then the permission check answers 401
        if kop[0].lower() != b"bearer" or len(kop) != 2:
            raise AuthenticationFailed("Gebruik Authorization: Bearer <token>.")
        try:
            token = kop[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("Onbekend of ingetrokken token.") from None
        client = client_bij_token(token)
        if client is None:
            raise AuthenticationFailed("Onbekend of ingetrokken token.")
        request._request.zicht_client = client  # for the access log, written by the middleware
        return client, None

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="zicht"'


class Scope(BasePermission):
    """Reading needs `lezen`, every change `schrijven`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request.user
        if not isinstance(client, ApiClient):
            return False  # DRF answers 401: no (valid) credentials
        nodig = "lezen" if request.method in SAFE_METHODS else "schrijven"
        if nodig not in client.scopes:
            raise Probleem(403, "scope_ontbreekt", f"Deze client mist de scope '{nodig}'.")
        return True


def client_van(request: Request) -> ApiClient:
    client = request.user
    assert isinstance(client, ApiClient)  # guaranteed by Scope
    return client


class BearerSchema(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The security scheme in the OpenAPI document."""

    target_class = BearerAuthenticatie
    name = "bearer"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Een token per organisatie, gemaakt door de functioneel beheerder "
            "(`zicht api-client maak`).",
        }
