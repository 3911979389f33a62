"""gunicorn settings of the platform's web processes: ``gunicorn greenfactory.wsgi --config
python:greenfactory.gunicorn_conf`` (workers, address and time-out stay on the command line).

The application is loaded once in the master process and its objects are moved out of the
garbage collector's reach before the workers are forked (``gc.freeze``): a worker's full
collections then walk only what its requests allocated, not the tens of thousands of objects of
Django, the URL configuration and the templates, which shortens the slowest requests; the
frozen pages also stay shared between the workers instead of being copied."""

import gc

preload_app = True


def on_starting(server):
    # Nothing the master allocates while loading is collected before it is frozen.
    gc.disable()


def pre_fork(server, worker):
    from django.db import connections  # noqa: PLC0415 -- gunicorn reads this file before Django is set up

    # A connection opened while loading must not be shared by the workers.
    connections.close_all()
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
