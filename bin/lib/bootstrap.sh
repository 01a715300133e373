# Sourced by the bin/ commands: find Python 3.12 or later, create .venv and install Samverkan
# into it (again only when pyproject.toml has changed). Sets ROOT and VENV.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv"

say() { printf '%s\n' "$*" >&2; }

python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

# pyenv's Python for .python-version first, then python3.13 / python3.12 / python3 on PATH.
find_python() {
    local pyenv candidate
    pyenv="$(command -v pyenv || true)"
    if [[ -z "$pyenv" && -x "${PYENV_ROOT:-$HOME/.pyenv}/bin/pyenv" ]]; then
        pyenv="${PYENV_ROOT:-$HOME/.pyenv}/bin/pyenv"
    fi
    if [[ -n "$pyenv" ]]; then
        candidate="$(cd "$ROOT" && "$pyenv" which python 2>/dev/null || true)"
        if [[ -n "$candidate" ]] && python_ok "$candidate"; then
            printf '%s\n' "$candidate"
            return 0
        fi
    fi
    for candidate in python3.13 python3.12 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    say "Samverkan behöver Python 3.12 eller senare, men ingen hittades."
    say "Installera till exempel med pyenv: 'pyenv install $(cat "$ROOT/.python-version")',"
    say "eller med distributionens paket (Debian 13: python3.13), och kör kommandot igen."
    say "(Samverkan needs Python 3.12 or later; none was found.)"
    return 1
}

# ensure_venv [EXTRA]: .venv with `pip install -e .[EXTRA]`, skipped when already up to date.
ensure_venv() {
    local extra="${1:-}" spec="." stamp hash python
    [[ -n "$extra" ]] && spec=".[$extra]"
    if [[ -x "$VENV/bin/python" ]] && ! python_ok "$VENV/bin/python"; then
        say "Den befintliga .venv har en för gammal Python; skapar den på nytt."
        rm -rf "$VENV"
    fi
    if [[ ! -x "$VENV/bin/python" ]]; then
        python="$(find_python)"
        say "Skapar .venv med $("$python" --version 2>&1) ($python) …"
        "$python" -m venv "$VENV"
    fi
    hash="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
    stamp="$VENV/.samverkan-installed-${extra:-base}"
    # the test install includes everything the plain one does
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$hash" ]] \
        || [[ -z "$extra" && -f "$VENV/.samverkan-installed-test" \
              && "$(cat "$VENV/.samverkan-installed-test")" == "$hash" ]]; then
        return 0
    fi
    say "Installerar Samverkan och dess beroenden i .venv ($spec) …"
    (cd "$ROOT" && "$VENV/bin/python" -m pip install -qq --disable-pip-version-check \
        --editable "$spec")
    printf '%s\n' "$hash" > "$stamp"
}
