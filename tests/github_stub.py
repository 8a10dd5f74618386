"""A small GitHub API for browser tests of the editing page (/admin/, Sveltia CMS's GitHub backend).

Answers, through Playwright request interception, the REST and GraphQL calls the CMS makes: the
signed-in user, the repository's tree and blobs, the last commit, file history, the editorial
workflow's branches, pull requests and labels, and `createCommitOnBranch`, whose inputs are kept
(`commits`) so a test can read the YAML the CMS sent. Files live in memory, per branch. Only what
the CMS asks for is implemented; anything else fails the test (`unexpected`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

API = "https://api.github.com"
STATUS = "https://www.githubstatus.com/api/v2/status.json"
USER = {"id": 7, "login": "bientap", "name": "Biên tập viên", "email": "bientap@example.edu.vn",
        "html_url": "https://github.com/bientap", "avatar_url": None}
DATE = "2026-11-25T08:00:00Z"


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - Git's own id


@dataclass
class Commit:
    """What the CMS sent in one createCommitOnBranch: branch, message, files added and deleted."""

    branch: str
    message: str
    added: dict[str, bytes]
    deleted: list[str]


@dataclass
class FakeRepo:
    """A repository in memory: files per branch, branch heads, the commits received."""

    owner: str
    repo: str
    branches: dict[str, dict[str, bytes]] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)
    commits: list[Commit] = field(default_factory=list)
    pulls: list[dict] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @classmethod
    def from_folder(cls, root: Path, folders: tuple[str, ...], owner: str, repo: str):
        files = {}
        for name in folders:
            for path in sorted((root / name).rglob("*")):
                if path.is_file():
                    files[path.relative_to(root).as_posix()] = path.read_bytes()
        hub = cls(owner, repo)
        hub.branches["main"] = files
        hub.heads["main"] = "0" * 39 + "1"
        return hub

    def apply(self, branch: str, message: str, added: dict[str, bytes], deleted: list[str]) -> str:
        """Record a commit on `branch`; returns its id."""
        files = self.branches[branch]
        for path in deleted:
            files.pop(path, None)
        files.update(added)
        self.commits.append(Commit(branch, message, added, deleted))
        oid = hashlib.sha1(repr((branch, len(self.commits))).encode()).hexdigest()  # noqa: S324
        self.heads[branch] = oid
        return oid

    def blob(self, sha: str) -> bytes | None:
        for files in self.branches.values():
            for data in files.values():
                if blob_sha(data) == sha:
                    return data
        return None


@dataclass
class FakeGitHub(FakeRepo):
    """GitHub's REST and GraphQL API as the CMS uses it."""

    # -- Playwright ------------------------------------------------------------------------
    def handle(self, route) -> None:
        request = route.request
        if request.url == STATUS:
            return route.fulfill(json={"status": {"indicator": "none"}})
        url = urlparse(request.url)
        try:
            if url.path == "/graphql":
                body = json.loads(request.post_data or "{}")
                answer = self.graphql(body["query"], body.get("variables") or {})
                return route.fulfill(json={"data": answer}, headers=self._cors())
            status, answer, raw = self.rest(request.method, url.path, url.query, request.post_data)
        except Exception as exc:  # a bug in the stub must show in the test, not hang the CMS
            self.unexpected.append(f"{request.method} {request.url}: {exc!r}")
            return route.fulfill(status=500, json={"message": str(exc)}, headers=self._cors())
        if raw is not None:
            return route.fulfill(status=status, body=raw, headers={
                **self._cors(), "Content-Type": "application/octet-stream"})
        if answer is None:
            return route.fulfill(status=status, body="", headers=self._cors())
        return route.fulfill(status=status, json=answer, headers=self._cors())

    @staticmethod
    def _cors() -> dict[str, str]:
        return {"Access-Control-Allow-Origin": "*"}

    # -- REST ------------------------------------------------------------------------------
    def rest(self, method: str, path: str, query: str, data: str | None):
        base = f"/repos/{self.owner}/{self.repo}"
        body = json.loads(data) if data else {}
        if method == "OPTIONS":
            return 204, None, None
        if path == "/user":
            return 200, USER, None
        if path == f"{base}/collaborators/{USER['login']}":
            return 204, None, None
        if m := re.fullmatch(rf"{base}/git/trees/(.+)", path):
            files = self._files_at(m[1])
            return 200, {"sha": m[1], "truncated": False, "tree": [
                {"path": p, "type": "blob", "sha": blob_sha(d), "size": len(d)} for p, d in files.items()]}, None
        if m := re.fullmatch(rf"{base}/git/blobs/([0-9a-f]+)", path):
            data = self.blob(m[1])
            return (200, None, data) if data is not None else (404, {"message": "Not Found"}, None)
        if method == "POST" and path == f"{base}/pulls":
            number = len(self.pulls) + 1
            pull = {"number": number, "node_id": f"PR_{number}", "title": body["title"],
                    "html_url": f"https://github.com/{self.owner}/{self.repo}/pull/{number}",
                    "head": {"sha": self.heads[body["head"]], "ref": body["head"]}, "draft": body.get("draft"),
                    "created_at": DATE, "updated_at": DATE, "labels": [], "state": "open"}
            self.pulls.append(pull)
            return 201, pull, None
        if m := re.fullmatch(rf"{base}/issues/(\d+)/labels", path):
            pull = self.pulls[int(m[1]) - 1]
            pull["labels"] = [{"name": n} for n in body["labels"]]
            return 200, pull["labels"], None
        if m := re.fullmatch(rf"{base}/issues/(\d+)", path):
            pull = self.pulls[int(m[1]) - 1]
            if method == "PATCH":
                pull["labels"] = [{"name": n} for n in body.get("labels", [])]
            return 200, pull, None
        raise LookupError("not implemented in the stub")

    def _files_at(self, ref: str) -> dict[str, bytes]:
        if ref in self.branches:
            return self.branches[ref]
        for name, head in self.heads.items():
            if head == ref:
                return self.branches[name]
        raise LookupError(f"unknown ref {ref}")

    # -- GraphQL ---------------------------------------------------------------------------
    def graphql(self, query: str, variables: dict) -> dict:
        if "createCommitOnBranch" in query:
            return self._commit(query, variables["input"])
        if "createRef" in query:
            name = variables["input"]["name"].removeprefix("refs/heads/")
            source = next(b for b, h in self.heads.items() if h == variables["input"]["oid"])
            self.branches[name] = dict(self.branches[source])
            self.heads[name] = variables["input"]["oid"]
            return {"createRef": {"ref": {"name": name}}}
        if "markPullRequestReadyForReview" in query or "convertPullRequestToDraft" in query:
            return {"x": {"pullRequest": {"id": variables["input"]["pullRequestId"]}}}
        if "fork: repository" in query:
            return {"fork": {"id": "R_1"}, "base": {"ref": {"target": {"oid": self.heads["main"]}}}}
        if "defaultBranchRef" in query:
            return {"repository": {"defaultBranchRef": {"name": "main"}}}
        if "pullRequests(headRefName" in query:
            count = sum(1 for p in self.pulls if p["head"]["ref"] == variables["branch"])
            return {"repository": {"pullRequests": {"totalCount": count}}}
        if "pullRequests(" in query:
            return {"repository": {"pullRequests": {"nodes": [self._pull_node(p) for p in self.pulls]}}}
        if re.search(r"\w+_\d+:\s*(object|ref)\(", query):
            return {"repository": self._aliased(query, variables)}
        if re.search(r"target \{\s*\.\.\. on Commit \{\s*oid\s*\}", query):  # the branch head
            return {"repository": {"ref": {"target": {"oid": self.heads[variables.get("branch", "main")]}}}}
        if "history(first: 1)" in query:
            branch = variables.get("branch", "main")
            return {"repository": {"ref": {"target": {"history": {"nodes": [
                {"oid": self.heads[branch], "message": "Nội dung mẫu"}]}}}}}
        raise LookupError(f"GraphQL query not implemented in the stub: {query[:200]}")

    def _aliased(self, query: str, variables: dict) -> dict:
        out = {}
        for alias, oid in re.findall(r"(\w+_\d+):\s*object\(oid: \"([0-9a-f]+)\"\)", query):
            data = self.blob(oid)
            out[alias] = {"text": data.decode("utf-8") if data is not None else None, "isTruncated": False}
        for alias in re.findall(r"(\w+_\d+):\s*ref\(qualifiedName", query):
            out[alias] = {"target": {"history": {"nodes": [{
                "oid": self.heads["main"], "author": {"name": "Biên tập viên", "email": USER["email"],
                                                      "avatarUrl": None, "user": {"id": 7, "login": "bientap"}},
                "committedDate": DATE}]}}}
        return out

    def _commit(self, query: str, data: dict) -> dict:
        branch = data["branch"]["branchName"]
        if data["expectedHeadOid"] != self.heads[branch]:
            raise ValueError("expectedHeadOid is not the branch head")
        added = {a["path"]: base64.b64decode(a["contents"]) for a in data["fileChanges"].get("additions", [])}
        deleted = [d["path"] for d in data["fileChanges"].get("deletions", [])]
        oid = self.apply(branch, data["message"]["headline"], added, deleted)
        files = self.branches[branch]
        out = {"oid": oid, "committedDate": DATE}
        for alias, path in re.findall(r"(file_\d+): file\(path: (\"[^\"]*\")\)", query):
            out[alias] = {"oid": blob_sha(files[json.loads(path)])}
        return {"createCommitOnBranch": {"commit": out}}

    def _pull_node(self, pull: dict) -> dict:
        branch = pull["head"]["ref"]
        changed = [p for p, d in self.branches[branch].items() if self.branches["main"].get(p) != d]
        return {"id": pull["node_id"], "number": pull["number"], "title": pull["title"], "url": pull["html_url"],
                "isDraft": bool(pull["draft"]), "isCrossRepository": False, "createdAt": DATE, "updatedAt": DATE,
                "headRefName": branch, "headRefOid": self.heads[branch],
                "author": {"login": USER["login"], "avatarUrl": None, "name": USER["name"], "email": USER["email"],
                           "databaseId": 7},
                "labels": {"nodes": pull["labels"]},
                "files": {"nodes": [{"path": p, "changeType": "MODIFIED" if p in self.branches["main"] else "ADDED"}
                                    for p in changed]}}
