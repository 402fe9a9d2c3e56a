# Shared by scripts/run and scripts/test: installs the Debian packages KubeLab needs
# (apt-get update once, then apt-get install -y of whatever is missing).
KUBELAB_PACKAGES=(
  build-essential cmake pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-webengine-dev qt6-webchannel-dev
  qt6-declarative-dev
  libqt6opengl6-dev libgl-dev
  libmd4c-dev libmd4c-html0-dev libyaml-cpp-dev nlohmann-json3-dev libsqlite3-dev
  libcpp-httplib-dev libssl-dev libzstd-dev
  libgoogle-perftools-dev
  xvfb xauth imagemagick
)

kubelab_install_deps() {
  local missing=()
  for p in "${KUBELAB_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing missing packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
}

kubelab_build() {
  local root="$1"
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
  cmake --build "$root/build" -j2
}
