#!/bin/sh
# Installs the real MariaDB and PostgreSQL servers that test/system/read/live/*.test.ts start by hand
# (temporary data directory, 127.0.0.1, random port). Idempotent; run as root on Debian/Ubuntu.
# No system service is started: the tests run their own throwaway servers.
set -eu

if [ "$(id -u)" -ne 0 ]; then
  echo "install-databases.sh: run as root (apt-get needs it)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive

# Keep postinst scripts from starting system services. Docker images already ship a
# policy-rc.d that denies everything; only install (and later remove) our own when none exists.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  own_policy=1
fi
cleanup() {
  if [ "$own_policy" -eq 1 ]; then rm -f "$policy"; fi
}
trap cleanup EXIT INT TERM

need=""
for pkg in mariadb-server mariadb-client postgresql; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    need="$need $pkg"
  fi
done

if [ -n "$need" ]; then
  # The PostgreSQL package would otherwise create (and try to start) a "main" cluster we never use.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf
  fi
  apt-get -o DPkg::Lock::Timeout=600 update
  # shellcheck disable=SC2086
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $need
else
  echo "install-databases.sh: mariadb-server, mariadb-client and postgresql already installed"
fi

# Report what the tests will find.
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || { echo "mariadbd not found after install" >&2; exit 1; }
ls -d /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || { echo "postgres binary not found after install" >&2; exit 1; }
echo "install-databases.sh: $(/usr/sbin/mariadbd --version 2>/dev/null || mariadbd --version)"
echo "install-databases.sh: $(ls -d /usr/lib/postgresql/*/bin/postgres | head -n1) $("$(ls -d /usr/lib/postgresql/*/bin/postgres | head -n1)" --version)"
