"""A Starlette app run by Uvicorn, the gateway's server: it decodes %2F before routing.

/_internal/... stands for the gateway's trusted-internal endpoints: it counts each run, and
/__runs tells the count. Every other path answers with the path and Host the app saw.
"""

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

runs = 0


async def internal(request):
    global runs
    runs += 1
    return PlainTextResponse("internal handler ran\n")


async def count(request):
    return PlainTextResponse(str(runs))


async def other(request):
    host = request.headers.get("host", "")
    return PlainTextResponse("origin saw " + request.url.path + " for " + host + "\n")


app = Starlette(
    routes=[
        Route("/_internal/{rest:path}", internal, methods=["GET", "POST", "HEAD"]),
        Route("/__runs", count),
        Route("/{rest:path}", other, methods=["GET", "POST", "HEAD"]),
    ]
)
