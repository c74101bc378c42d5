"""Bulk screening jobs: upload a file → job ID → progress → result CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse

from commonlist.api.deps import ClientDep, JobsDep
from commonlist.api.schemas import ErrorResponse, JobOut
from commonlist.exc import FileTooLarge
from commonlist.screen.bulk import ColumnMap
from commonlist.screen.jobs import Job

router = APIRouter(prefix="/screen/jobs", tags=["Bulk screening"])


def _out(request: Request, job: Job) -> JobOut:
    url = str(request.url_for("job_result", job_id=job.id)) if job.status == "done" else None
    return JobOut(
        id=job.id,
        client=job.client,
        status=job.status,
        rows=job.rows,
        done=job.done,
        matches=job.matches,
        error=job.error,
        created_at=job.created_at,
        finished_at=job.finished_at,
        result_url=url,
    )


@router.post(
    "",
    response_model=JobOut,
    status_code=202,
    responses={
        413: {"model": ErrorResponse, "description": "File too large"},
        422: {"model": ErrorResponse, "description": "Wrong columns, encoding or format"},
    },
)
async def create_job(
    request: Request,
    jobs: JobsDep,
    client: ClientDep,
    file: Annotated[UploadFile, File(description="CSV (UTF-8), Parquet or FtM JSON lines")],
    name_col: Annotated[str, Form()] = "name",
    dob_col: Annotated[str | None, Form()] = None,
    country_col: Annotated[str | None, Form()] = None,
    id_col: Annotated[str | None, Form()] = None,
    id_number_col: Annotated[str | None, Form()] = None,
    schema_: Annotated[str | None, Form(alias="schema")] = None,
    format: Annotated[str | None, Form()] = None,
    encoding: Annotated[str | None, Form()] = None,
) -> JobOut:
    """Upload customer records; the file is checked at once (columns, encoding, size)
    and screened in the background. Poll the job, then fetch `result_url`."""
    limit = jobs.max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(f"upload is more than the limit of {limit:,} bytes", file=file.filename)
    mapping = ColumnMap(
        name=name_col,
        birth_date=dob_col or None,
        country=country_col or None,
        id=id_col or None,
        id_number=id_number_col or None,
        schema=schema_ or None,
    )
    job = jobs.create(
        client=client.name,
        filename=file.filename or "upload",
        data=data,
        mapping=mapping,
        fmt=format or None,
        encoding=encoding or None,
    )
    return _out(request, job)


@router.get("/{job_id}", response_model=JobOut)
def get_job(request: Request, job_id: str, jobs: JobsDep, client: ClientDep) -> JobOut:
    """Progress of one of your jobs: rows done of rows, matched rows so far."""
    return _out(request, jobs.get(job_id, client=client.name))


@router.get("/{job_id}/result", name="job_result", response_class=FileResponse)
def job_result(job_id: str, jobs: JobsDep, client: ClientDep) -> FileResponse:
    """The result CSV: one row per input row, best hit and number of matches."""
    path = jobs.result_path(job_id, client=client.name)
    return FileResponse(path, media_type="text/csv", filename=f"screening-{job_id}.csv")
