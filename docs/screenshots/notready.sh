# 120 pods over 50 workers, then worker-2's kubelet stops: a minute later it is NotReady.
kubectl create deployment web --image=nginx --replicas=120
settle
fault stop kubelet/worker-2
run 60s
