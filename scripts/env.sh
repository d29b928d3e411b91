# Sourced by the scripts beside it: create or reuse .venv and install assetgraph into it.
# Set EXTRAS (e.g. "test,documents") before sourcing to install optional dependencies too.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.venv"
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "assetgraph needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
spec="$root${EXTRAS:+[$EXTRAS]}"
stamp="$venv/.installed-${EXTRAS:-base}"
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ] || [ "$root/scripts/documents.lock" -nt "$stamp" ]; then
  case ",${EXTRAS:-}," in
    *,documents,*)
      "$venv/bin/python" -m pip install -q --disable-pip-version-check --require-hashes --no-deps \
        -r "$root/scripts/documents.lock" ;;
  esac
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -e "$spec"
  touch "$stamp"
fi
