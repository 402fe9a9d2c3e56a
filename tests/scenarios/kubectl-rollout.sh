# Workloads come alive: kubectl waits on virtual time while the controllers, scheduler
# and kubelets work. rollout status polls once a virtual second and prints a line each
# time the Deployment changes; scale patches spec.replicas.
kubectl apply -f nginx-deployment.yaml
kubectl rollout status deployment/nginx-deployment
time
kubectl scale deployment nginx-deployment --replicas=5
kubectl rollout status deploy/nginx-deployment --timeout=1m
kubectl get deployment nginx-deployment
kubectl scale deployment nginx-deployment --replicas=2 --current-replicas=3
kubectl scale deployment nginx-deployment --replicas=2 --current-replicas=5
kubectl rollout status deploy/nginx-deployment
kubectl get rs
kubectl rollout history deployment/nginx-deployment
kubectl rollout history deployment/nginx-deployment --revision=1
kubectl rollout undo deployment/nginx-deployment
kubectl rollout pause deployment/nginx-deployment
kubectl rollout pause deployment/nginx-deployment
kubectl rollout restart deployment/nginx-deployment
kubectl rollout resume deployment/nginx-deployment
kubectl rollout status deployment/nginx-deployment --watch=false
kubectl rollout status replicaset/nginx-deployment-7f4d79f7d7
