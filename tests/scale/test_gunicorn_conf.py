"""The web processes' gunicorn settings: the application is loaded before the fork and its
objects frozen out of the collector's reach; each worker collects again."""

import gc

from greenfactory import gunicorn_conf


def test_the_master_freezes_what_it_loaded_and_each_worker_collects_again():
    assert gunicorn_conf.preload_app is True
    try:
        gunicorn_conf.on_starting(server=None)
        assert not gc.isenabled()
        gunicorn_conf.pre_fork(server=None, worker=None)
        assert gc.get_freeze_count() > 10_000
        gunicorn_conf.post_fork(server=None, worker=None)
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
