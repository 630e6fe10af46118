"""The deploy/ configurations are valid without a server or Kubernetes.

* one server: deploy/one-server/jupyterhub_config.py loads with traitlets for each
  authentication choice, every option it sets is a real configurable trait of the
  class it names (installed by the ``hub`` extra), limits and the idle culler are set,
  and the systemd unit runs it;
* many servers: deploy/kubernetes/values.yaml has per-user limits, idle culling, the
  course image, real authentication; the Dockerfile builds that image from
  environment.yml without solutions.

The running hub itself is tested in tests/test_hub.py.
"""
from __future__ import annotations

import configparser
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parent.parent
ONE = ROOT / "deploy" / "one-server"
K8S = ROOT / "deploy" / "kubernetes"

#: Config section -> class, for the sections the configurations may use.
SECTIONS = {
    "JupyterHub": "jupyterhub.app.JupyterHub",
    "ConfigurableHTTPProxy": "jupyterhub.proxy.ConfigurableHTTPProxy",
    "Spawner": "jupyterhub.spawner.Spawner",
    "SystemdSpawner": "systemdspawner.SystemdSpawner",
    "KubeSpawner": None,  # not installed here (runs in the chart's hub image)
    "Authenticator": "jupyterhub.auth.Authenticator",
    "LTI13Authenticator": "ltiauthenticator.lti13.auth.LTI13Authenticator",
    "GitHubOAuthenticator": "oauthenticator.github.GitHubOAuthenticator",
    "GenericOAuthenticator": "oauthenticator.generic.GenericOAuthenticator",
}


def _class(path: str) -> type:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def load_one_server(monkeypatch, auth: str | None) -> Config:
    if auth is None:
        monkeypatch.delenv("CLVTEACH_HUB_AUTH", raising=False)
    else:
        monkeypatch.setenv("CLVTEACH_HUB_AUTH", auth)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(ONE)).load_config()


def unknown_options(config: Config) -> dict[str, list[str]]:
    """Options that no trait of their section's class takes (typos, renamed options)."""
    bad = {}
    for section, values in config.items():
        assert section in SECTIONS, f"config section {section} not checked by this test"
        if SECTIONS[section] is None:
            continue
        traits = _class(SECTIONS[section]).class_traits(config=True)
        wrong = sorted(set(values) - set(traits))
        if wrong:
            bad[section] = wrong
    return bad


# --- one server ------------------------------------------------------------------------

@pytest.mark.parametrize("auth, authenticator", [
    (None, "ltiauthenticator.lti13.auth.LTI13Authenticator"),  # the default: the LMS
    ("lti13", "ltiauthenticator.lti13.auth.LTI13Authenticator"),
    ("github", "oauthenticator.github.GitHubOAuthenticator"),
    ("generic", "oauthenticator.generic.GenericOAuthenticator"),
])
def test_one_server_config_loads_with_real_options(monkeypatch, auth, authenticator):
    config = load_one_server(monkeypatch, auth)
    assert config.JupyterHub.authenticator_class == authenticator
    assert unknown_options(config) == {}
    # The authenticator accepts the values (types, sets vs lists) as configured.
    _class(authenticator)(config=config)


def test_one_server_limits_culler_and_localhost(monkeypatch):
    config = load_one_server(monkeypatch, None)
    hub = config.JupyterHub
    assert hub.spawner_class == "systemdspawner.SystemdSpawner"
    assert _class(hub.spawner_class)
    assert config.SystemdSpawner.mem_limit == "1G"
    assert config.SystemdSpawner.cpu_limit == 1.0
    assert config.SystemdSpawner.dynamic_users is True
    assert hub.bind_url.startswith("http://127.0.0.1:"), "TLS proxy in front, hub on localhost"
    assert hub.hub_ip == "127.0.0.1"
    (culler,) = [s for s in hub.services if s["name"] == "jupyterhub-idle-culler-service"]
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=3600" in culler["command"]
    (role,) = [r for r in hub.load_roles if culler["name"] in r.get("services", [])]
    assert {"list:users", "read:users:activity", "delete:servers"} <= set(role["scopes"])
    # The culler's module exists where the hub runs it.
    subprocess.run([sys.executable, "-m", "jupyterhub_idle_culler", "--help"], check=True,
                   capture_output=True)


def test_one_server_limits_from_environment(monkeypatch):
    monkeypatch.setenv("CLVTEACH_MEM_LIMIT", "2G")
    monkeypatch.setenv("CLVTEACH_CPU_LIMIT", "0.5")
    config = load_one_server(monkeypatch, None)
    assert (config.SystemdSpawner.mem_limit, config.SystemdSpawner.cpu_limit) == ("2G", 0.5)


def test_one_server_refuses_unknown_or_dummy_authentication(monkeypatch):
    for auth in ("dummy", "none", ""):
        with pytest.raises(ValueError, match="CLVTEACH_HUB_AUTH must be"):
            load_one_server(monkeypatch, auth)


def test_systemd_unit_runs_the_config():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(ONE / "jupyterhub.service")
    assert set(unit.sections()) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    assert "jupyterhub_config.py" in service["ExecStart"]
    assert service["ExecStart"].split()[0].endswith("/bin/jupyterhub")
    assert service["EnvironmentFile"].startswith("/etc/clvteach-hub/")
    assert service["Restart"] in {"always", "on-failure"}
    assert "configurable-http-proxy" in service.get("Environment", "") or \
        "node_modules/.bin" in service.get("Environment", "")
    assert unit["Install"]["WantedBy"] == "multi-user.target"


# --- many servers (Kubernetes) -------------------------------------------------------------

@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((K8S / "values.yaml").read_text())


def _bytes(quantity: str) -> float:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]i?)?", str(quantity))
    assert m, f"not a memory quantity: {quantity!r}"
    unit = {None: 1, "K": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    return float(m.group(1)) * unit[m.group(2)]


def test_values_per_user_limits(values):
    single = values["singleuser"]
    assert _bytes(single["memory"]["guarantee"]) <= _bytes(single["memory"]["limit"])
    assert _bytes(single["memory"]["limit"]) >= 500e6, "the course kernel needs ~250 MB"
    assert 0 < float(single["cpu"]["guarantee"]) <= float(single["cpu"]["limit"]) <= 2
    assert single["storage"]["capacity"]


def test_values_idle_culling(values):
    cull = values["cull"]
    assert cull["enabled"] is True
    assert 600 <= cull["timeout"] <= 4 * 3600
    assert 0 < cull["every"] <= cull["timeout"]


def test_values_course_image_and_pull(values):
    single = values["singleuser"]
    assert single["image"]["name"] and str(single["image"]["tag"]) not in ("", "latest")
    assert single["defaultUrl"].endswith("notebooks/00_start_here.ipynb")
    command = single["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[0] == "gitpuller", "students' homes get the release with nbgitpuller"


def test_values_real_authentication(values):
    config = values["hub"]["config"]
    auth = config["JupyterHub"]["authenticator_class"]
    assert "dummy" not in auth.lower() and auth in (
        "ltiauthenticator.lti13.auth.LTI13Authenticator", "lti13")
    section = config["LTI13Authenticator"]
    for key in section:
        assert key in _class(SECTIONS["LTI13Authenticator"]).class_traits(config=True), key
    assert values["proxy"]["https"]["enabled"] is True


def test_values_config_options_are_real(values):
    config = Config(values["hub"]["config"])
    assert unknown_options(config) == {}


def test_dockerfile_builds_from_environment_yml_without_solutions():
    text = (K8S / "Dockerfile").read_text()
    instructions = [line for line in text.splitlines() if line and not line.startswith("#")]
    (base,) = [line for line in instructions if line.startswith("FROM ")]
    assert ":" in base and not base.endswith(":latest"), "pin the base image"
    copies = " ".join(line for line in instructions if line.startswith("COPY "))
    assert "environment.yml" in copies and "clvteach" in copies
    assert "solutions" not in copies and "exercises" not in copies.replace(
        "clvteach", "")
    assert "mamba env update -n base -f /tmp/clvteach/environment.yml" in text
    user_lines = [line for line in instructions if line.startswith("USER ")]
    assert user_lines[-1] == "USER ${NB_UID}", "students' servers must not run as root"
    # The image's JupyterHub matches the chart's hub (major version).
    pinned = re.search(r"ARG JUPYTERHUB_VERSION=(\d+)\.", text).group(1)
    chart = re.search(r"jupyterhub/jupyterhub --version (\d+)\.", (K8S / "README.md").read_text())
    assert chart, "deploy/kubernetes/README.md names the chart version"
    chart_hub = {"3": "4", "4": "5"}  # Zero to JupyterHub chart major -> JupyterHub major
    assert chart_hub.get(chart.group(1)) == pinned


# --- the course font for the students' browsers -----------------------------------------

def test_server_font_config_makes_the_jupyter_server_serve_the_font(tmp_path):
    import json

    from jupyter_server.serverapp import ServerApp
    from traitlets.config.loader import JSONFileConfigLoader

    from clvteach import style

    config_file = tmp_path / "etc" / "jupyter" / "jupyter_server_config.json"
    config_file.parent.mkdir(parents=True)
    config_file.write_text(json.dumps({"ServerApp": {"ip": "0.0.0.0"}}))  # kept
    assert style.install_server_font(tmp_path) == config_file
    style.install_server_font(tmp_path)  # idempotent: the folder is listed once
    config = JSONFileConfigLoader(config_file.name, path=str(config_file.parent)).load_config()
    assert config.ServerApp.ip == "0.0.0.0"
    assert unknown_server_options(config) == []
    app = ServerApp(config=config)
    served = [Path(folder) / Path(style.FONT_URL_PATH).name for folder in app.static_file_path]
    found = [path for path in served if path.is_file()]
    assert len(found) == 1 and len(app.extra_static_paths) == 1
    assert found[0].read_bytes() == (ROOT / "clvteach" / "fonts" /
                                     "ClvTeachSansSC-Regular.ttf").read_bytes()


def unknown_server_options(config: Config) -> list[str]:
    from jupyter_server.serverapp import ServerApp

    return sorted(set(config.ServerApp) - set(ServerApp.class_traits(config=True)))


def test_font_css_downloads_the_font_from_the_students_server(monkeypatch):
    from clvteach import style

    # the server serves static files at <base URL>static/ (the hub's prefix per student)
    assert style.FONT_URL_PATH.startswith("static/")
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/alice/")
    assert style.font_url() == "/user/alice/" + style.FONT_URL_PATH
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX")
    assert style.font_url() == "/" + style.FONT_URL_PATH
    css = style.font_face_css(style.COURSE_FONT, "/user/alice/" + style.FONT_URL_PATH)
    assert 'url("/user/alice/static/ClvTeachSansSC-Regular.ttf") format("truetype")' in css
    assert css.index("local(") < css.index("url(")  # installed font first (offline)
    assert "@font-face" in style.FONT_CSS and f'url("{style.font_url()}")' in style.FONT_CSS


def test_deploy_set_ups_let_the_students_servers_serve_the_font():
    # many servers: the image enables it for its environment, after installing clvteach
    text = (K8S / "Dockerfile").read_text()
    runs = [line for line in text.splitlines() if line.startswith(("RUN", " &&"))]
    install = next(i for i, line in enumerate(runs) if "pip install" in line)
    font = next(i for i, line in enumerate(runs) if "install_server_font()" in line)
    assert font > install
    # one server: the unit (re)does it for the course venv before the hub starts
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.read(ONE / "jupyterhub.service")
    service = unit["Service"]
    python, script, flag = service["ExecStartPre"].split()
    venv = service["ExecStart"].split()[0].rsplit("/bin/", 1)[0]
    assert python == f"{venv}/bin/python" and flag == "--server"
    assert script.endswith("/tools/install_fonts.py")
    assert (ROOT / "tools" / "install_fonts.py").read_text().count("install_server_font") >= 2
