"""JupyterHub for one class on one server (up to about 100 students; see the README's
"Teaching a class on JupyterHub" for the measured sizing).

Layout on the server (deploy/README.md walks through it):

* JupyterHub, its proxy (configurable-http-proxy) and this file under systemd
  (``deploy/one-server/jupyterhub.service``), listening on 127.0.0.1:8000 behind a TLS
  reverse proxy (Caddy or nginx) on port 443;
* one single-user server per student, started by SystemdSpawner as a transient systemd
  unit with its own memory and CPU limit and a private dynamic user (no Unix accounts to
  create: students come from the LMS or an OAuth provider);
* the course environment (``make env`` or ``conda env create -f environment.yml``) in
  ``/opt/clvteach/.venv``; students get the course files with an nbgitpuller link
  (``make links``);
* idle servers stopped by jupyterhub-idle-culler.

Authentication is chosen with the environment variable ``CLVTEACH_HUB_AUTH``
(set in the systemd unit): ``lti13`` (the LMS: Moodle, Canvas, Blackboard ... as an
LTI 1.3 tool; the default) or ``github`` / ``generic`` (OAuth). Secrets come from the
environment (``/etc/clvteach-hub/env``, mode 600), never from this file. There is no
dummy or password-less choice here on purpose: tests/test_hub.py loads this file and
only then swaps in a dummy authenticator and a local-process spawner.
"""
import os
import sys

c = get_config()  # noqa: F821 - provided by JupyterHub's config loader

#: Per-student limits. Measured (README): a course kernel after notebook 03 uses about
#: 150 MB; the single-user server about 100 MB; 1 GB leaves room for the model fits of
#: notebook 05 and for mistakes. CPU: one core per student at most, so one student's
#: runaway loop cannot slow the class.
MEM_LIMIT = os.environ.get("CLVTEACH_MEM_LIMIT", "1G")
CPU_LIMIT = float(os.environ.get("CLVTEACH_CPU_LIMIT", "1.0"))
#: Stop a student's server after this many seconds without activity (a lecture break
#: is shorter; a student who left is not).
CULL_TIMEOUT = int(os.environ.get("CLVTEACH_CULL_TIMEOUT", "3600"))
#: The course environment whose jupyterhub-singleuser and kernel students use.
COURSE_ENV = os.environ.get("CLVTEACH_COURSE_ENV", "/opt/clvteach/.venv")

# --- network: only the reverse proxy on this machine talks to the hub ---------------
c.JupyterHub.bind_url = "http://127.0.0.1:8000"
c.JupyterHub.hub_ip = "127.0.0.1"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:8001"
c.JupyterHub.data_files_path = os.path.join(sys.prefix, "share", "jupyterhub")
c.JupyterHub.cookie_secret_file = "/var/lib/clvteach-hub/jupyterhub_cookie_secret"
c.JupyterHub.db_url = "sqlite:////var/lib/clvteach-hub/jupyterhub.sqlite"
c.ConfigurableHTTPProxy.pid_file = "/var/lib/clvteach-hub/jupyterhub-proxy.pid"

# --- students' servers ---------------------------------------------------------------
c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
c.SystemdSpawner.dynamic_users = True          # no Unix accounts; state in /var/lib/private
c.SystemdSpawner.mem_limit = MEM_LIMIT
c.SystemdSpawner.cpu_limit = CPU_LIMIT
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True
c.SystemdSpawner.disable_user_sudo = True
c.SystemdSpawner.unit_name_template = "clvteach-{USERNAME}"
c.Spawner.cmd = [os.path.join(COURSE_ENV, "bin", "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/clv-course-student/notebooks/00_start_here.ipynb"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60
# Many students press "start" in the same minute: queue them instead of failing.
c.JupyterHub.concurrent_spawn_limit = 20
c.JupyterHub.active_server_limit = 0           # bounded by memory, see README sizing
# A hub restart (upgrade, crash) must not stop 100 students' servers mid-lecture.
c.JupyterHub.cleanup_servers = False

# --- idle culling ---------------------------------------------------------------------
c.JupyterHub.load_roles = [{
    "name": "jupyterhub-idle-culler-role",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["jupyterhub-idle-culler-service"],
}]
c.JupyterHub.services = [{
    "name": "jupyterhub-idle-culler-service",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={CULL_TIMEOUT}", "--cull-every=300", "--concurrency=5"],
}]

# --- authentication -------------------------------------------------------------------
AUTH = os.environ.get("CLVTEACH_HUB_AUTH", "lti13")
if AUTH == "lti13":
    # The LMS launches the hub as an LTI 1.3 tool; register the tool in the LMS with
    #   login URL  https://HUB/hub/lti13/oauth_login
    #   redirect   https://HUB/hub/lti13/oauth_callback
    #   JWKS       (none needed by the tool)
    # and copy the LMS's values below into /etc/clvteach-hub/env.
    c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
    c.LTI13Authenticator.issuer = os.environ.get("LTI13_ISSUER", "")
    c.LTI13Authenticator.authorize_url = os.environ.get("LTI13_AUTHORIZE_URL", "")
    c.LTI13Authenticator.jwks_endpoint = os.environ.get("LTI13_JWKS_ENDPOINT", "")
    c.LTI13Authenticator.client_id = [x for x in os.environ.get("LTI13_CLIENT_ID", "").split(",") if x]
    # Username: the LMS's stable user id (the 'sub' claim), never the display name.
    c.LTI13Authenticator.username_key = "sub"
    c.Authenticator.allow_all = True           # the LMS course decides who may launch
elif AUTH in ("github", "generic"):
    # OAuth (GitHub, or any OpenID Connect provider such as the university's SSO).
    if AUTH == "github":
        c.JupyterHub.authenticator_class = "oauthenticator.github.GitHubOAuthenticator"
        # Only members of the course organisation / team may log in.
        c.GitHubOAuthenticator.allowed_organizations = {
            x for x in os.environ.get("CLVTEACH_GITHUB_ORGS", "").split(",") if x}
    else:
        c.JupyterHub.authenticator_class = "oauthenticator.generic.GenericOAuthenticator"
        c.GenericOAuthenticator.authorize_url = os.environ.get("OAUTH2_AUTHORIZE_URL", "")
        c.GenericOAuthenticator.token_url = os.environ.get("OAUTH2_TOKEN_URL", "")
        c.GenericOAuthenticator.userdata_url = os.environ.get("OAUTH2_USERDATA_URL", "")
        c.GenericOAuthenticator.username_claim = "preferred_username"
        c.GenericOAuthenticator.scope = ["openid", "profile"]
        c.GenericOAuthenticator.manage_groups = True   # required for allowed_groups
        c.GenericOAuthenticator.allowed_groups = {
            x for x in os.environ.get("CLVTEACH_OAUTH_GROUPS", "").split(",") if x}
        c.GenericOAuthenticator.auth_state_groups_key = "oauth_user.groups"
    # client id/secret/callback from OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET,
    # OAUTH_CALLBACK_URL (https://HUB/hub/oauth_callback) in the environment file.
else:
    raise ValueError(f"CLVTEACH_HUB_AUTH must be 'lti13', 'github' or 'generic', got {AUTH!r}")

# Instructors (LMS ids or OAuth usernames) may open students' servers to help.
c.Authenticator.admin_users = {
    x for x in os.environ.get("CLVTEACH_INSTRUCTORS", "").split(",") if x}
