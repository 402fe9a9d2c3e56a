# The registry's policy for images outside the catalogue (engine/node/README.md, Images):
# a tutorial's unknown image runs as a generic one; a typo of a catalogue name, an unknown
# tag and a malformed name fail as on a real cluster; the docs' perl Job computes pi.
kubectl run generic --image=someone/hello-app:v1
kubectl run typo --image=ngnix
kubectl run badtag --image=nginx:1.99
kubectl run upper --image=Nginx
kubectl run oneliner --image=python:3.12 --restart=Never -- python3 -c "print('hello from python')"
kubectl apply -f - <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
EOF
run 30s
kubectl get pods
kubectl get events --field-selector involvedObject.name=typo
kubectl get events --field-selector involvedObject.name=upper
kubectl get pod badtag -o jsonpath='{.status.containerStatuses[0].state.waiting.message}{"\n"}'
kubectl get pod generic -o jsonpath='{.status.containerStatuses[0].imageID}{"\n"}'
kubectl logs oneliner
kubectl get jobs
kubectl logs job/pi
step 99999999999999999999
step 2000000
