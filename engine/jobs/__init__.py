"""Batches of document jobs, run by Celery workers on RabbitMQ or in this process.

A job is plain data (a campaign file, a document id, the content version it must produce);
running it renders that document, writes its file once and atomically under its folder's
manifest lock, converts it to PDF with the worker's warm LibreOffice, and records the outcome
in the database (batch_jobs). Running a job twice writes nothing the second time; an issued
document is never touched; a job whose campaign changed since it was planned writes nothing
(state «stale»). The process that submits a batch plans it, waits for the jobs and writes the
manifests; numbering never happens here (it stays in the workflow's database transaction).

May import: everything below web (errors … awards).
"""
