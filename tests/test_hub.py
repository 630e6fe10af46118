"""A class on a real JupyterHub: two students log in, each gets a working course kernel,
neither can reach the other's server, and nothing is left running afterwards.

Starts JupyterHub with the class configuration (deploy/one-server/jupyterhub_config.py),
configurable-http-proxy from node_modules (``npm ci``, done by ``make test``), a dummy
authenticator and the local-process spawner (as root too: servers run with
``--allow-root`` in temporary home directories), everything on 127.0.0.1.
"""
from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from hub_support import CHP, LocalHub, Student, code_cells, copy_course

pytestmark = [pytest.mark.hub, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from nbgitpuller_links import nbgitpuller_link  # noqa: E402

STUDENTS = ("alice", "bob")
NOTEBOOK = "notebooks/03_clv_fundamentals.ipynb"


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    assert CHP.exists(), f"{CHP} missing: run `npm ci` (make test does)"
    workdir = tmp_path_factory.mktemp("hub")
    for name in STUDENTS:
        copy_course(workdir / "home" / name)
    local = LocalHub(workdir, STUDENTS)
    local.start()
    local.survivors = None
    yield local
    local.survivors = local.stop()
    assert not local.survivors, "processes survived the hub's shutdown:\n" + "\n".join(
        local.survivors)


@pytest.fixture(scope="module")
def students(hub):
    logged_in = {}
    for name in STUDENTS:  # both log in and press "start" (servers start in parallel)
        student = Student(hub, name)
        r = student.login()
        assert r.status_code == 302, f"login of {name}: {r.status_code} {r.text[:300]}"
        student.request_server()
        logged_in[name] = student
    for student in logged_in.values():
        student.wait_ready()
        student.get_token()
    return logged_in


def test_wrong_password_is_refused(hub):
    r = Student(hub, "alice").login(password="not-the-password")
    assert r.status_code == 403


def test_hub_and_proxy_listen_on_localhost_only(hub):
    assert hub.url.startswith("http://127.0.0.1:")
    proxy = hub.proxy_pid()
    assert proxy is not None, "configurable-http-proxy is not running"
    # Every listening socket of the hub's processes is bound to 127.0.0.1.
    inodes = set()
    for pid in hub.pids():
        try:
            for fd in (Path(f"/proc/{pid}/fd")).iterdir():
                target = str(fd.readlink()) if fd.is_symlink() else ""
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            cols = line.split()
            if cols[3] == "0A" and cols[9] in inodes:  # 0A: LISTEN
                listening.append(cols[1])
    assert listening, "no listening socket found for the hub's processes"
    local = {"0100007F", "00000000000000000000000001000000"}
    wide = [a for a in listening if a.split(":")[0] not in local]
    assert not wide, f"sockets not bound to 127.0.0.1: {wide}"


def test_each_student_runs_the_course_kernel(students):
    cells = code_cells(Path(__file__).parent.parent / NOTEBOOK)
    for name, student in students.items():
        r = student.api("GET", f"/api/contents/{NOTEBOOK}")
        assert r.status_code == 200, f"{name} cannot open {NOTEBOOK}: {r.status_code}"
        assert r.json()["type"] == "notebook"
        kernel = student.start_kernel()
        try:
            # The notebook's first cells, as "Run all" sends them.
            for code in cells[:4]:
                out = kernel.execute(code)
                assert out.status == "ok", f"{name}: {code[:60]!r} -> {out.error}"
            out = kernel.execute(
                "import os, clvteach\n"
                "print(os.environ['JUPYTERHUB_USER'], os.path.dirname(clvteach.__file__))\n"
                "print(round(ct.current_value(annual_revenue=2400, margin=0.6, retention=0.8,"
                " discount_rate=0.1, horizon=5), 2))")
            assert out.status == "ok", out.error
            who, package, value = out.text.split()[:3]
            assert who == name
            assert package.endswith("clvteach")
            assert math.isclose(float(value), 3058.7, abs_tol=0.01)
            # The calculator's widgets answer a slider change from the browser.
            shown = kernel.execute("ct.widgets.clv_calculator()")
            assert shown.status == "ok", shown.error
            (slider,) = kernel.find_widgets(shown.comm_ids, model="FloatSliderModel",
                                            css_class="ct-retention")
            (image,) = kernel.find_widgets(shown.comm_ids, model="ImageModel")
            (readout,) = kernel.find_widgets(shown.comm_ids, model="LabelModel",
                                             css_class="ct-current-value")
            before = kernel.comms[readout]["value"]
            seconds = kernel.set_widget(slider, [image, readout], value=0.85)
            assert kernel.comms[readout]["value"] != before
            assert seconds < 30
        finally:
            kernel.close()


def test_students_cannot_reach_each_others_server(students):
    alice, bob = students["alice"], students["bob"]
    # With a token (what the lab page uses) ...
    assert alice.api("GET", "/api/status", user="bob").status_code == 403
    assert bob.api("GET", "/api/kernels", user="alice").status_code == 403
    assert alice.api("GET", "/api/status").status_code == 200
    # ... and with the browser's login cookie (the hub's OAuth step refuses).
    r = alice.session.get(f"{alice.hub.url}/user/bob/lab", timeout=60)
    assert r.status_code == 403, f"alice opened bob's lab page: {r.status_code} {r.url}"
    r = alice.session.get(f"{alice.hub.url}/user/alice/lab", timeout=60)
    assert r.status_code == 200


def test_each_student_has_own_processes(hub, students):
    for name in STUDENTS:
        assert hub.user_pids(name), f"no server process found for {name}"
    assert not set(hub.user_pids("alice")) & set(hub.user_pids("bob"))


def test_nbgitpuller_link_pulls_the_release_and_opens_the_start_page(students, tmp_path):
    # A small student release in a local git repository (a git host in real life).
    release = tmp_path / "clv-course-student"
    (release / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "00_start_here.ipynb", release / "notebooks")
    git = ["git", "-c", "user.name=Teacher", "-c", "user.email=teacher@example.invalid"]
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "release"]):
        subprocess.run(git + args, cwd=release, check=True, capture_output=True)
    alice = students["alice"]
    link = nbgitpuller_link(hub=alice.hub.url, repo=f"file://{release}",
                            path="notebooks/00_start_here.ipynb")
    # The link, opened with alice's login cookie, lands on nbgitpuller in HER server.
    page = alice.session.get(link, timeout=60)
    assert page.status_code == 200, page.url
    assert urlsplit(page.url).path == "/user/alice/git-pull"
    # What that page's script then does: the pull, as an event stream.
    query = dict(parse_qsl(urlsplit(link).query))
    pulled = alice.api("GET", "/git-pull/api", params={"repo": query["repo"],
                                                        "branch": query["branch"]})
    assert pulled.status_code == 200 and '"phase": "finished"' in pulled.text, pulled.text[-500:]
    # ... and the start page the link opens is there.
    assert query["urlpath"] == "lab/tree/clv-course-student/notebooks/00_start_here.ipynb"
    opened = alice.api("GET", "/api/contents/clv-course-student/notebooks/00_start_here.ipynb")
    assert opened.status_code == 200 and opened.json()["type"] == "notebook"
