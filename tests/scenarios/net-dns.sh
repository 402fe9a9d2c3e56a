# Cluster DNS from inside pods: kubeadm's CoreDNS in kube-system, the resolv.conf the
# kubelet writes, nslookup as busybox 1.28 and bind (a dnsutils image) print it, ndots:5's
# search walk (see the trace's DNS queries), wget and curl through a Service's ClusterIP to
# a pod that answers, a headless StatefulSet's names, and lookups once CoreDNS is gone.
# cluster: dns.yaml
settle
kubectl get pods -n kube-system -o wide
kubectl get svc -n kube-system -o wide
kubectl get configmap coredns -n kube-system -o jsonpath='{.data.Corefile}'
kubectl create deployment web --image=nginx --replicas=2
kubectl expose deployment web --port=80
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: client
    image: busybox:1.28
    command: ["sleep", "3600"]
  - name: curl
    image: curlimages/curl:8.11.1
    command: ["sleep", "3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: dnsutils
spec:
  containers:
  - name: dnsutils
    image: registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3
    command: ["sleep", "infinity"]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: echo
spec:
  replicas: 1
  selector:
    matchLabels: {app: echo}
  template:
    metadata:
      labels: {app: echo}
    spec:
      containers:
      - name: echo
        image: hashicorp/http-echo:1.0
        args: ["-text=hello from echo"]
        ports:
        - containerPort: 5678
---
apiVersion: v1
kind: Service
metadata:
  name: echo
spec:
  selector: {app: echo}
  ports:
  - name: http
    port: 80
    targetPort: 5678
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector: {app: db}
  ports:
  - name: web
    port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
        ports:
        - containerPort: 80
          name: web
EOF
settle
kubectl exec client -- cat /etc/resolv.conf
kubectl exec client -- nslookup web
kubectl exec client -- nslookup kubernetes.default
kubectl exec client -- nslookup db
kubectl exec client -- nslookup db-0.db
kubectl exec client -- nslookup nosuch
kubectl exec dnsutils -- nslookup web
kubectl exec dnsutils -- nslookup www.example.com
kubectl exec dnsutils -- nslookup -type=srv _http._tcp.echo
kubectl exec dnsutils -- nslookup nosuch.example.com
kubectl exec client -- wget -qO- echo
kubectl exec client -- wget -O- web/missing
kubectl exec client -c curl -- curl -s http://web.default.svc.cluster.local/
kubectl exec client -c curl -- curl nosuch
kubectl exec dnsutils -- curl web
trace --last 12
kubectl scale deployment coredns -n kube-system --replicas=0
settle
kubectl get endpointslices -n kube-system
kubectl exec client -- nslookup web
kubectl exec dnsutils -- nslookup web
kubectl exec client -- wget -qO- web
