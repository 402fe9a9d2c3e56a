# A packet traced from a client pod to a Service: the map draws its path (the client,
# the Service whose rules it matched, the endpoint kube-proxy's rule chose).
kubectl create deployment web --image=nginx:1.27 --replicas=3
kubectl expose deployment web --port=80
kubectl run client --image=busybox:1.36 -- sleep 3600
settle
trace packet client web:80
