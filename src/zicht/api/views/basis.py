"""What every API view shares: the clock, the access-log action, and strict query parameters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.api import namen
from zicht.api.invoer import ongeldig
from zicht.store.projectie import AMSTERDAM
from zicht.toepassing import klok

F = TypeVar("F", bound=Callable[..., Any])


def beschreven(**kwargs: Any) -> Callable[[F], F]:
    """`extend_schema`, and remember the documented query parameters: no others are accepted."""

    def decorator(f: F) -> F:
        uit = extend_schema(**kwargs)(f)
        uit.query = frozenset(  # type: ignore[attr-defined,unused-ignore]
            p.name
            for p in kwargs.get("parameters", [])
            if isinstance(p, OpenApiParameter) and p.location == OpenApiParameter.QUERY
        )
        return uit  # type: ignore[no-any-return,unused-ignore]

    return decorator


class ApiView(APIView):
    # HTTP method -> the action named in the access log (core.toegang's vocabulary).
    acties: ClassVar[dict[str, str]] = {}
    # The answer's property names in camelCase (namen.py); JZV's document has its own names.
    camel_case: ClassVar[bool] = True

    @staticmethod
    def nu() -> datetime:
        return klok.nu().astimezone(AMSTERDAM)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication and scopes first
        methode = (request.method or "").lower()
        handler = getattr(self, methode, None) if methode in self.http_method_names else None
        if handler is None:
            return  # DRF answers 405 next: an unsupported method is not a query problem
        bekend: frozenset[str] = getattr(handler, "query", frozenset())
        onbekend = sorted(set(request.query_params) - bekend)
        if onbekend:
            raise ongeldig(onbekend[0], "onbekende queryparameter")
        # Every documented parameter holds one value: `status=open&status=verlopen` is an
        # array where the document promises a string, not "the last one wins".
        dubbel = sorted(k for k in request.query_params if len(request.query_params.getlist(k)) > 1)
        if dubbel:
            raise ongeldig(dubbel[0], "geef deze queryparameter één keer")

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        """The one translation of an answer's names to camelCase (namen.py)."""
        data = getattr(response, "data", None)
        if self.camel_case and isinstance(data, dict):
            # Field names inside invalidParams are values, named where they arise (invoer).
            response.data = namen.naar_buiten(data)
        return super().finalize_response(request, response, *args, **kwargs)
