# The scene of sequence.png: kubectl creates a Deployment; the sequence view shows the
# traffic from kubectl's POST (event #182, picked in the event log) on.
#   xvfb-run -a -s '-screen 0 1600x1000x24' build/app/kubelab \
#     --script assets/screenshots/sequence.sh --event 182 --show sequence \
#     --screenshot assets/screenshots/sequence.png
kubectl create deployment web --image=nginx --replicas=3
