# A Deployment of three nginx pods behind a Service, one of them failing its readiness
# probe: the map's row of Services and the inspector's Traffic tab.
kubectl create deployment web --image=nginx:1.27 --replicas=3
kubectl expose deployment web --port=80 --type=NodePort
kubectl run client --image=busybox:1.36 -- sleep 3600
settle
