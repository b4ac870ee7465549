"""JupyterHub for Fail Forward on ONE machine — TEST-ONLY as configured here.

Each learner logs in, gets their own single-user Jupyter server running the
course with the Voila server extension (the same settings as binder/), and
lands on the welcome lesson in Voila. Each learner's answers are saved in
their own folder: FAILFORWARD_DATA = <their home>/.local/share/fail-forward.

    FAILFORWARD_HUB_DIR=/tmp/ff-hub FAILFORWARD_HUB_PASSWORD='a-long-shared-secret' \\
        <hub-venv>/bin/jupyterhub -f deploy/local/jupyterhub_config.py

deploy/README.md explains it; deploy/prove-local-hub.sh proves it end to end.

TEST-ONLY, NOT FOR REAL LEARNERS, because of the two classes chosen below:

- ``SharedPasswordAuthenticator``: one password for everyone, and anyone who
  knows it can log in as ANY learner. Production: OAuthenticator (GitHub,
  Google, Azure AD, generic OIDC…) or NativeAuthenticator (learners sign up,
  a coach approves them).
- ``SimpleLocalProcessSpawner`` (subclassed below): every learner's server
  runs as the SAME operating-system user as the hub, so nothing stops one
  learner's server from reading another's files. Production: SystemdSpawner
  (one system user per learner, with memory/CPU limits) or DockerSpawner (one
  container per learner), or Kubernetes with Zero to JupyterHub
  (deploy/z2jh/values.yaml).

Everything that differs between machines comes from environment variables:

  FAILFORWARD_HUB_PASSWORD   the shared password (required, 8 characters or more)
  FAILFORWARD_HUB_DIR        hub state (database, cookie secret) and learners'
                             homes in <dir>/home/<username>
                             (default ~/.local/share/fail-forward-hub)
  FAILFORWARD_HUB_PORT       public port on 127.0.0.1 (default 8000)
  FAILFORWARD_HUB_API_PORT   the hub's internal port on 127.0.0.1 (default 8081)
  FAILFORWARD_PROXY_API_PORT configurable-http-proxy's API port (default public port + 1)
  FAILFORWARD_CHP            path of the configurable-http-proxy command
                             (default: found on PATH)
  FAILFORWARD_HUB_USERS      optional comma-separated learner names allowed to
                             log in (default: any name matching the pattern below)
  FAILFORWARD_REPO           the course checkout (default: two folders up from this file)
  FAILFORWARD_IDLE_MINUTES   stop a learner's server after this long idle (default 60)
  FAILFORWARD_HUB_COACHES    optional comma-separated names of coaches: hub admins whose server
                             opens the coach corner on the whole cohort folder
  FAILFORWARD_HUB_COACH_PASSWORD  the coaches' own shared password (32 characters or more, not
                             the learners'; JupyterHub's shared-password login requires one for admins)
  FAILFORWARD_HUB_COHORT     the cohort folder (default <hub dir>/cohort): each learner's server
                             keeps <folder>/<username>/fail-forward-progress.json up to date
                             ($FAILFORWARD_COHORT); set it to "off" to turn sharing off

TEST-ONLY here too: every server runs as the same operating-system user, so nothing but the
course itself keeps a learner's server to their own folder and the coach's to reading. On
Kubernetes (deploy/z2jh/values.yaml) each learner's pod mounts only their own folder and the
coach's pod mounts the whole volume read-only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by JupyterHub when it loads this file

REPO = Path(os.environ.get("FAILFORWARD_REPO") or Path(__file__).resolve().parents[2]).resolve()
HUB_DIR = Path(os.environ.get("FAILFORWARD_HUB_DIR") or Path.home() / ".local" / "share" / "fail-forward-hub").resolve()
HOMES = HUB_DIR / "home"
PORT = int(os.environ.get("FAILFORWARD_HUB_PORT") or 8000)
HUB_API_PORT = int(os.environ.get("FAILFORWARD_HUB_API_PORT") or 8081)
PROXY_API_PORT = int(os.environ.get("FAILFORWARD_PROXY_API_PORT") or PORT + 1)
IDLE_SECONDS = int(float(os.environ.get("FAILFORWARD_IDLE_MINUTES") or 60) * 60)
WELCOME = "/voila/render/lessons/00_welcome.ipynb"
COACH_CORNER = "/voila/render/lessons/coach/coach_corner.ipynb"
COACHES = {name.strip().lower() for name in os.environ.get("FAILFORWARD_HUB_COACHES", "").split(",") if name.strip()}
_cohort = os.environ.get("FAILFORWARD_HUB_COHORT", "").strip()
COHORT = None if _cohort == "off" else Path(_cohort or HUB_DIR / "cohort").resolve()
BIN = Path(sys.executable).parent  # the hub's virtualenv, which also holds the course

if not (REPO / "lessons" / "00_welcome.ipynb").exists():
    raise SystemExit(f"jupyterhub_config.py: no course at {REPO} (set FAILFORWARD_REPO)")
HOMES.mkdir(parents=True, exist_ok=True)

# --- Network: loopback only --------------------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{HUB_API_PORT}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
if os.environ.get("FAILFORWARD_CHP"):
    c.ConfigurableHTTPProxy.command = [os.environ["FAILFORWARD_CHP"]]
c.Spawner.ip = "127.0.0.1"

# --- Hub state in one folder ---------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{HUB_DIR / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HUB_DIR / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(HUB_DIR / "jupyterhub.pid")
# Stopping the hub stops every learner's server (and their lessons' kernels) with it.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
# The hub's own pages (login, "your server is starting") and their scripts go out gzip-compressed, as the
# learners' servers do (binder/jupyter-config: ServerApp.tornado_settings.compress_response). Tornado reads this
# when the hub builds its application; the proxy passes the compressed bytes through as they are.
c.JupyterHub.tornado_settings = {"compress_response": True}

# --- Who can log in: TEST-ONLY shared password ---------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
password = os.environ.get("FAILFORWARD_HUB_PASSWORD", "")
if len(password) < 8:
    raise SystemExit("jupyterhub_config.py: set FAILFORWARD_HUB_PASSWORD (8 characters or more)")
c.SharedPasswordAuthenticator.user_password = password
# Names become folder names: lowercase letters, digits, '.', '_' and '-', never starting with a dot.
c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9._-]{0,38}$"
allowed = {name.strip().lower() for name in os.environ.get("FAILFORWARD_HUB_USERS", "").split(",") if name.strip()}
if allowed:
    c.Authenticator.allowed_users = allowed | COACHES
else:
    c.Authenticator.allow_all = True
c.Authenticator.admin_users = COACHES
if COACHES:
    coach_password = os.environ.get("FAILFORWARD_HUB_COACH_PASSWORD", "")
    if len(coach_password) < 32 or coach_password == password:
        raise SystemExit("jupyterhub_config.py: with FAILFORWARD_HUB_COACHES set, set FAILFORWARD_HUB_COACH_PASSWORD "
                         "(32 characters or more, not the learners' password): coaches log in with it")
    c.SharedPasswordAuthenticator.admin_password = coach_password


# --- Each learner's server: the course, in Voila, with their own progress store -----------
class CourseSpawner(SimpleLocalProcessSpawner):
    """SimpleLocalProcessSpawner, but the server runs in the course folder (as on Binder),
    so the Voila server extension finds voila.json there; the learner's own folder is HOME."""

    def make_preexec_fn(self, name: str):  # type: ignore[no-untyped-def]
        home = self.home_dir
        shared = cohort_dir(self)

        def preexec() -> None:
            os.makedirs(home, 0o700, exist_ok=True)
            if shared is not None:
                os.makedirs(shared, 0o750, exist_ok=True)
            os.chdir(REPO)

        return preexec

    def get_env(self) -> dict[str, str]:
        """A learner's server: their own cohort folder to write. A coach's: the whole cohort folder to read."""
        env = super().get_env()
        env.pop("FAILFORWARD_COHORT", None)
        env.pop("FAILFORWARD_COACH_COHORT", None)
        if is_coach(self):
            if COHORT is not None:
                env["FAILFORWARD_COACH_COHORT"] = str(COHORT)
        elif (shared := cohort_dir(self)) is not None:
            env["FAILFORWARD_COHORT"] = shared
        return env


def is_coach(spawner: SimpleLocalProcessSpawner) -> bool:
    return spawner.user.name in COACHES


def cohort_dir(spawner: SimpleLocalProcessSpawner) -> str | None:
    """This learner's own folder of the cohort folder (None for a coach, or with sharing off)."""
    if COHORT is None or is_coach(spawner):
        return None
    return str(COHORT / spawner.user.name)


def coach_lands_in_the_coach_corner(spawner: SimpleLocalProcessSpawner) -> None:
    spawner.default_url = COACH_CORNER if is_coach(spawner) else WELCOME


def progress_dir(spawner: CourseSpawner) -> str:
    """Where this learner's progress.db lives: inside their own home."""
    return str(Path(spawner.home_dir) / ".local" / "share" / "fail-forward")


c.JupyterHub.spawner_class = CourseSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
# binder/start puts the course template on JUPYTER_PATH and binder/jupyter-config (the
# Markdown renderer, the websocket message limit, gzip-compressed responses) on JUPYTER_CONFIG_PATH,
# exactly as on Binder.
c.Spawner.cmd = [str(REPO / "binder" / "start"), str(BIN / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = str(REPO)
c.Spawner.default_url = WELCOME
c.Spawner.pre_spawn_hook = coach_lands_in_the_coach_corner
c.Spawner.environment = {
    "REPO_DIR": str(REPO),
    "FAILFORWARD_DATA": progress_dir,
    # The virtualenv first, so the lessons' kernels are the course's Python.
    "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
}
# Learners never use config of their own.
c.Spawner.disable_user_config = True
c.Spawner.args = [
    # voila.json's kernel culling, which the server extension does not read from voila.json:
    # a lesson idle for an hour is shut down (its answers are already saved).
    "--MappingKernelManager.cull_idle_timeout=3600",
    "--MappingKernelManager.cull_interval=300",
    "--MappingKernelManager.cull_connected=True",
    "--MappingKernelManager.cull_busy=False",
]
if os.geteuid() == 0:
    # Jupyter refuses to run as root unless told to (a container or test machine often is root).
    c.Spawner.args.append("--ServerApp.allow_root=True")
# A first start imports the course and its kernel on a busy machine: allow time.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.LocalProcessSpawner.interrupt_timeout = 10
c.LocalProcessSpawner.term_timeout = 10

# --- Stop learners' servers that have been idle (frees their memory) ------------------------
try:
    import jupyterhub_idle_culler  # noqa: F401 - only checking it is installed
except ImportError:
    pass  # deploy/README.md: pip install jupyterhub-idle-culler to enable
else:
    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={IDLE_SECONDS}",
                    "--cull-every=300"],
    }]
    c.JupyterHub.load_roles = [{
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    }]
