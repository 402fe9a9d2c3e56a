# An init container that waits for a Service, as the Kubernetes documentation's
# init-container page writes it: `until nslookup myservice...; do sleep 2; done`. The pod
# stays Init:0/1 while the name is NXDOMAIN and starts once the Service exists.
# cluster: dns.yaml
settle
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
  labels:
    app.kubernetes.io/name: MyApp
spec:
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
EOF
run 10s
kubectl get pods
kubectl logs myapp-pod -c init-myservice --tail=4
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: myservice
spec:
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9376
EOF
run 5s
kubectl get pods
kubectl logs myapp-pod -c init-myservice --tail=5
kubectl logs myapp-pod
