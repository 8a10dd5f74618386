"""GitLab's REST and GraphQL API as the editing page (Sveltia CMS's GitLab backend) uses it.

Like `github_stub.FakeGitHub`: files in memory per branch, merge requests with their labels, and
the commits received (`repository/commits` actions) kept for the test to read.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlparse

from github_stub import DATE, FakeRepo, blob_sha

API = "https://gitlab.com/api"
STATUS = "https://status-api.hostedstatus.com/1.0/status/5b36dc6502d06804c08349f7"
USER = {"id": 7, "username": "bientap", "name": "Biên tập viên", "email": "bientap@example.edu.vn",
        "web_url": "https://gitlab.com/bientap", "avatar_url": None}


@dataclass
class FakeGitLab(FakeRepo):

    def handle(self, route) -> None:
        request = route.request
        if request.url == STATUS:
            return route.fulfill(json={"result": {"status_overall": {"status_code": 100}}})
        url = urlparse(request.url)
        try:
            if url.path == "/api/graphql":
                body = json.loads(request.post_data or "{}")
                answer = {"data": self.graphql(body["query"], body.get("variables") or {})}
                status = 200
            else:
                status, answer = self.rest(request.method, url.path.removeprefix("/api/v4"),
                                           parse_qs(url.query), request.post_data)
        except Exception as exc:  # a bug in the stub must show in the test, not hang the CMS
            self.unexpected.append(f"{request.method} {request.url}: {exc!r}")
            return route.fulfill(status=500, json={"message": str(exc)})
        return route.fulfill(status=status, json=answer, headers={"Access-Control-Allow-Origin": "*"})

    def _project(self) -> str:
        return "/projects/" + f"{self.owner}%2F{self.repo}"

    def rest(self, method: str, path: str, query: dict, data: str | None):
        body = json.loads(data) if data else {}
        project = self._project()
        if path == "/user":
            return 200, USER
        if path == f"{project}/deployments" or re.fullmatch(
                rf"{re.escape(project)}/repository/commits/[0-9a-f]+/statuses", path):
            return 200, []  # no CI deployments or pipeline statuses to show
        if path == f"{project}/users":
            return 200, [{"id": USER["id"], "username": USER["username"]}]
        if method == "POST" and path == f"{project}/repository/commits":
            branch = body["branch"]
            if branch not in self.branches:
                self.branches[branch] = dict(self.branches[body["start_branch"]])
            added = {a["file_path"]: (base64.b64decode(a["content"]) if a.get("encoding") == "base64"
                                      else a["content"].encode("utf-8"))
                     for a in body["actions"] if a["action"] in ("create", "update", "move")}
            deleted = [a.get("previous_path") or a["file_path"] for a in body["actions"]
                       if a["action"] in ("delete", "move")]
            sha = self.apply(branch, body["commit_message"], added, deleted)
            return 201, {"id": sha, "committed_date": DATE}
        if path == f"{project}/merge_requests":
            if method == "POST":
                number = len(self.pulls) + 1
                pull = {"iid": number, "id": 100 + number, "title": body["title"], "source_branch": body["source_branch"],
                        "web_url": f"https://gitlab.com/{self.owner}/{self.repo}/-/merge_requests/{number}",
                        "sha": self.heads[body["source_branch"]], "labels": body["labels"].split(","),
                        "created_at": DATE, "updated_at": DATE, "state": "opened", "draft": True,
                        "author": {"id": USER["id"], "name": USER["name"], "username": USER["username"]}}
                self.pulls.append(pull)
                return 201, pull
            wanted = query.get("labels", [None])[0]
            source = query.get("source_branch", [None])[0]
            return 200, [p for p in self.pulls if (not wanted or wanted in p["labels"])
                         and (not source or p["source_branch"] == source)]
        if m := re.fullmatch(rf"{re.escape(project)}/merge_requests/(\d+)/diffs", path):
            pull = self.pulls[int(m[1]) - 1]
            branch = self.branches[pull["source_branch"]]
            return 200, [{"old_path": p, "new_path": p, "new_file": p not in self.branches["main"],
                          "deleted_file": False, "renamed_file": False}
                         for p, d in branch.items() if self.branches["main"].get(p) != d]
        if m := re.fullmatch(rf"{re.escape(project)}/merge_requests/(\d+)", path):
            pull = self.pulls[int(m[1]) - 1]
            if method == "PUT":
                if "labels" in body:
                    pull["labels"] = body["labels"].split(",")
                for key in ("add_labels", "remove_labels"):
                    for label in filter(None, body.get(key, "").split(",")):
                        if key == "add_labels" and label not in pull["labels"]:
                            pull["labels"].append(label)
                        if key == "remove_labels" and label in pull["labels"]:
                            pull["labels"].remove(label)
                if "title" in body:
                    pull["title"] = body["title"]
            return 200, pull
        if m := re.fullmatch(rf"{re.escape(project)}/repository/branches/(.+)", path):
            name = unquote(m[1])
            return (200, {"name": name, "commit": {"id": self.heads[name]}}) if name in self.branches \
                else (404, {"message": "404 Branch Not Found"})
        raise LookupError("not implemented in the stub")

    def graphql(self, query: str, variables: dict) -> dict:
        branch = variables.get("branch", "main")
        repository: dict
        if "rootRef" in query:
            repository = {"rootRef": "main"}
        elif "lastCommit" in query and "tree(ref: $branch)" in query:
            repository = {"tree": {"lastCommit": {"sha": self.heads[branch], "message": "Nội dung mẫu"}}}
        elif "blobs(after: $cursor)" in query:
            nodes = [{"type": "blob", "path": p, "sha": blob_sha(d)} for p, d in self.branches[branch].items()]
            repository = {"tree": {"blobs": {"nodes": nodes, "pageInfo": {"endCursor": "", "hasNextPage": False}}}}
        elif "rawTextBlob" in query:
            files = self.branches[branch]
            repository = {"blobs": {"nodes": [{"rawTextBlob": files[p].decode("utf-8")}
                                              for p in variables["paths"] if p in files]}}
        else:
            raise LookupError(f"GraphQL query not implemented in the stub: {query[:200]}")
        return {"project": {"repository": repository}}
