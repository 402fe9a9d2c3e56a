#!/bin/sh
# Takes the README's screenshots at 1280x800 and 1920x1080, light and dark, each from a
# fresh settings and data directory (so the window opens as on a first run: 90% of the
# screen, no progress file).
#   docs/screenshots/take.sh [build/app/kubelab]
#   SHOTS="packet inbox" docs/screenshots/take.sh    (only those)
set -e
app=${1:-build/app/kubelab}
here=$(dirname "$0")
shot() { # NAME SIZE SCHEME ARGS...
    name=$1 size=$2 scheme=$3; shift 3
    case " ${SHOTS:-$name} " in *" $name "*) ;; *) return 0 ;; esac
    home=$(mktemp -d)
    XDG_CONFIG_HOME=$home XDG_DATA_HOME=$home KUBELAB_COLOR_SCHEME=$scheme QTWEBENGINE_DISABLE_SANDBOX=1 \
        QTWEBENGINE_CHROMIUM_FLAGS=--disable-gpu \
        xvfb-run -a -s "-screen 0 ${size}x24" "$app" --screenshot "$here/$name-$size-$scheme.png" "$@"
    rm -rf "$home"
    convert "$here/$name-$size-$scheme.png" -colors 256 "PNG8:$here/$name-$size-$scheme.png"
}
for size in 1280x800 1920x1080; do
    for scheme in light dark; do
        shot first-launch $size $scheme
        shot pending $size $scheme --script "$here/../../assets/screenshots/inspector.sh" --select pods/default/big \
            --tab scheduling
        shot notready $size $scheme --cluster "$here/cluster-53.yaml" \
            --script "$here/notready.sh" --select nodes/worker-2
        shot charts $size $scheme --chapter first-deployment/walkthrough \
            --script "$here/first-deployment.sh" --show charts
        shot lab $size $scheme --lab fail-kubelet
        shot quiz $size $scheme --chapter scheduler/overview --at "What exactly does the scheduler write"
        shot packet $size $scheme --chapter services/overview --script "$here/packet.sh"
        shot service $size $scheme --chapter services/overview --script "$here/service.sh" \
            --select services/default/web
        shot inbox $size $scheme --cluster "$here/../../tests/scenarios/aws-account.yaml" \
            --chapter aws-certificates/overview --script "$here/inbox.sh" --show aws
    done
done
