# A kubelet stops: its node goes NotReady once 50 s pass without a heartbeat (checked
# every 5 s), gets the unreachable taints, and its pod is evicted when the default 300 s
# toleration runs out; the ReplicaSet replaces it on a healthy node.
kubectl create deployment web --image=nginx:1.27 --replicas=3
settle
kubectl get pods -o wide
fault stop kubelet/worker-2
run 40s
kubectl get nodes
run 30s
kubectl get nodes
kubectl get node worker-2 -o jsonpath='{range .spec.taints[*]}{.key}:{.effect}{"\n"}{end}'
kubectl get node worker-2 -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}{"\n"}'
run 290s
kubectl get pods -o wide
run 20s
kubectl get pods -o wide
kubectl get events --field-selector involvedObject.kind=Node
kubectl describe node worker-2 | head
