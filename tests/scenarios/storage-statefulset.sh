# The StatefulSet tutorial: web.yaml's claim template gives each pod its own claim,
# provisioned by the default class (kind's local-path) on the node the scheduler picks.
# web-0 runs before web-1 is created; scaling down keeps www-web-1.
kubectl get storageclass
kubectl describe storageclass standard
kubectl apply -f web.yaml
settle
kubectl get pods -o wide
kubectl get pvc -l app=nginx
kubectl get pv
kubectl describe pvc www-web-0
kubectl describe pv
kubectl get pod web-0 -o jsonpath='{.spec.volumes[0]}{"\n"}'
kubectl get events --field-selector involvedObject.name=www-web-1
kubectl scale statefulset web --replicas=1
settle
kubectl get pods
kubectl get pvc
# The tutorial's lesson: what web-0 writes to its volume is there for its replacement.
kubectl exec web-0 -- sh -c 'echo "$(hostname) was here" > /usr/share/nginx/html/index.html'
kubectl delete pod web-0
settle
kubectl get pod web-0
kubectl exec web-0 -- cat /usr/share/nginx/html/index.html
kubectl exec web-0 -- sh -c 'echo scratch > /tmp/scratch'
kubectl delete pod web-0
settle
kubectl exec web-0 -- ls /tmp
