"""Tasks and the directives they carry out."""

from __future__ import annotations

from fastapi import APIRouter

from directive_graph.api.deps import StoreDep
from directive_graph.api.problems import Problem, problem_responses
from directive_graph.api.schemas import TaskDirectives, TaskView
from directive_graph.graph.model import Label
from directive_graph.queries import catalogue
from directive_graph.queries.lookup import describe

router = APIRouter(prefix="/tasks", tags=["tasks"], responses=problem_responses(404, 422, 503))


def _task(store, task_id: str):
    node = store.node(task_id)
    if node is None or node.label is not Label.TASK:
        raise Problem(
            404,
            "Task not found",
            f"No task {task_id!r}; task ids come from /directives/{{ref}}/tasks.",
        )
    return node


@router.get("/{task_id}", summary="One task with its links and evidence", response_model=TaskView)
def get_task(task_id: str, store: StoreDep) -> dict:
    _task(store, task_id)
    return describe(store, task_id)


@router.get(
    "/{task_id}/directives",
    summary="Directives a task carries out",
    response_model=TaskDirectives,
)
def task_directives(task_id: str, store: StoreDep, include_inferred: bool = False) -> dict:
    _task(store, task_id)
    return {
        "task": task_id,
        "directives": catalogue.directives_of_task(store, task_id, include_inferred),
    }
