# A packet's path through the cluster: `trace packet` walks a connection hop by hop (the
# DNS lookup through the pod's search list, each nat rule kube-proxy programmed on the node
# it leaves, the probabilities drawn, the DNAT, the route by podCIDR, the masquerade, the
# delivery and the way back), then the faults it shows: a stopped kube-proxy's stale rule
# sends packets to a deleted pod's address, where they time out. Then kubectl port-forward
# from the workstation, to a pod and to a Service (which kubectl resolves to one pod).
# cluster: dns.yaml
kubectl create namespace shop
kubectl apply -n shop -f - <<EOF
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  containers: [{name: nginx, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, labels: {app: web}}
spec:
  containers: [{name: nginx, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-3, labels: {app: web}}
spec:
  containers: [{name: nginx, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: box, image: "busybox:1.28", command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, nodePort: 30080}]
EOF
settle
kubectl get pods -n shop -o wide
kubectl get svc -n shop
# From a pod, by its short name: the search list finds web.shop.svc.cluster.local.
trace packet shop/client web
# The same connection again: another draw, maybe another endpoint.
trace packet client web.shop:80 -n shop
# From outside the cluster, to the NodePort on worker-2: masqueraded on the way out.
trace packet outside worker-2:30080
# Nothing behind that port on a node, and a name the node's resolver does not know.
trace packet outside worker-2:30081
trace packet worker-1 web.shop
# kube-proxy on worker-2 stops; web-2 (on worker-1) is deleted; worker-2's rules go stale:
# the client on worker-2 can still be sent to web-2's address, where nobody answers.
fault stop kube-proxy/worker-2
kubectl delete pod web-2 -n shop
settle
iptables worker-2
trace packet shop/client web
trace packet shop/client web
trace packet shop/client web
trace packet shop/client web
# worker-1's kube-proxy runs: its rules have only web-1 and web-3.
trace packet worker-1 10.104.144.80
trace --last 5
# kubectl port-forward from the workstation: to a pod, and to a Service.
curl localhost:8080
kubectl port-forward -n shop pod/web-1 8080:80
curl localhost:8080
trace --last 8
kubectl port-forward -n shop svc/web 9090:80
wget -qO- localhost:9090/missing
kubectl port-forward -n shop svc/web 9090:80
kubectl port-forward -n shop svc/web 9091:8080
kubectl port-forward -n shop pod/client 9092:80
curl localhost:9092
kubectl port-forward -n shop pod/nosuch 9093:80
kubectl apply -n shop -f - <<EOF
apiVersion: v1
kind: Pod
metadata: {name: pending}
spec:
  nodeSelector: {disk: none}
  containers: [{name: nginx, image: nginx}]
---
apiVersion: v1
kind: Service
metadata: {name: nobody}
spec:
  selector: {app: nobody}
  ports: [{port: 80}]
EOF
kubectl port-forward -n shop pending 9094:80
kubectl port-forward -n shop svc/nobody 9095:80
kubectl port-forward --stop 8080
curl localhost:8080
kubectl port-forward --stop
