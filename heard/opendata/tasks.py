from django_tasks import task


@task()
def opendata_dumps_build() -> int:
    """The daily dumps: enqueued hourly by `heard worker`, built once a day (site time)."""
    from heard.opendata import dumps

    return sum(
        entry["rows"]
        for entry in dumps.opendata_dumps_build(only_if_stale=True)["datasets"].values()
    )
