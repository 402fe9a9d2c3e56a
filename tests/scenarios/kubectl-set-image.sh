# `set image` changes a Deployment's pod template through the API server; the Deployment
# controller sees the new template, creates a new ReplicaSet and rolls the pods over to it
# until the rollout completes. `expose` then puts a Service in front of the pods, and
# `diff` shows what applying the original manifest again would undo.
kubectl apply -f nginx-deployment.yaml
kubectl rollout status deployment/nginx-deployment
kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1
kubectl set image deployment/nginx-deployment web=nginx:1.16.1
kubectl rollout status deployment/nginx-deployment
kubectl get rs
kubectl get pods -o jsonpath={.items[*].spec.containers[0].image}
kubectl rollout history deployment/nginx-deployment
kubectl expose deployment nginx-deployment --port=80
kubectl get svc nginx-deployment
kubectl diff -f nginx-deployment.yaml
